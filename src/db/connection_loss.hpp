#pragma once
// Whether a failure means the connection to the server is gone (the server restarted, was shut
// down, failed over, or an administrator ended the backend): nothing is wrong with the work
// itself, and a new connection may simply carry on. Shared by the backfill's reconnect and the
// exit-code mapping (4, not 5).

#include <exception>

namespace chatcost::db {

// pqxx::broken_connection; a commit whose outcome is unknown because the connection broke
// (pqxx::in_doubt_error, SQLSTATE 40003); SQLSTATE class 08 (connection exception); 57P01
// admin_shutdown (also pg_terminate_backend), 57P02 crash_shutdown, 57P03 cannot_connect_now.
bool is_connection_loss(const std::exception& error) noexcept;

}  // namespace chatcost::db
