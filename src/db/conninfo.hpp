#pragma once
// Connection strings: libpq URLs (postgresql://...) and key=value strings alike.
// Parsing goes through libpq itself (PQconninfoParse), so we accept exactly what
// libpq accepts and never second-guess its syntax.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chatcost::db {

using conninfo_params = std::vector<std::pair<std::string, std::string>>;

// The parameters the string sets explicitly, in libpq's order. Throws
// failure(usage) naming the (masked) string when libpq rejects it.
conninfo_params parse_conninfo(const std::string& conninfo);

// A key=value string with every value quoted, safe for PQconnectdb.
std::string to_conninfo(const conninfo_params& params);

// The value of `key`, or nothing.
std::optional<std::string> find_param(const conninfo_params& params, std::string_view key);

// Sets `key` to `value`, replacing an earlier value.
void set_param(conninfo_params& params, const std::string& key, const std::string& value);

// The string as the user wrote it, with any password replaced by "****" (see
// mask_connection_passwords). Safe to print even when the string does not parse.
std::string mask_password(std::string_view conninfo);

// What libpq said about `conninfo`, as chatcost quotes it: no trailing newline, its
// tab-indented lines indented with spaces (a tab prints as \t), and none of the string's
// passwords, however malformed the string (libpq repeats a string it rejects verbatim).
std::string libpq_message(std::string_view message, std::string_view conninfo);

// Whether libpq's connection failure is about the connection string itself (a bad sslmode,
// a port out of range or not a number, an unknown service): a usage error, not an unreachable
// server.
bool is_connection_string_error(std::string_view libpq_message);

}  // namespace chatcost::db
