#pragma once
// A database failure's message as chatcost quotes it inside its own sentences: the server's
// first line, without its "ERROR:  " or "FATAL:  " prefix (the DETAIL and HINT lines that
// follow are left to the full error report).

#include <exception>
#include <string>

namespace chatcost::db {

std::string server_message(const std::exception& error);

// server_message, then " (SQLSTATE xxxxx)" when the failure carries one.
std::string server_message_with_state(const std::exception& error);

}  // namespace chatcost::db
