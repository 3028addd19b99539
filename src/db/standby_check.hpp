#pragma once
// A hot standby (a streaming replica, pg_is_in_recovery()) serves every reading command, and
// refuses every write with "cannot execute ... in a read-only transaction" somewhere in the
// middle of the work. chatcost's writing commands ask first, so they stop before any work with
// one clear message and a hint to use the primary.

#include <string>

#include <pqxx/connection>

namespace chatcost::db {

// Whether the server behind `connection` is a standby (in recovery, read-only).
bool is_standby(pqxx::connection& connection);

// Throws failure (exit 5, database) when it is: "`what` writes, and `target` is a standby".
void refuse_standby(pqxx::connection& connection, const std::string& what, const std::string& target);

}  // namespace chatcost::db
