#pragma once
// Which database a command talks to, and why (DESIGN.md section 5):
// --database, CHATCOST_DATABASE_URL, DATABASE_URL, libpq's PG* variables or
// service file, else the embedded database.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace chatcost::db {

enum class target_source { flag, chatcost_env, database_url_env, libpq_env, embedded };

// Reads an environment variable; injected so that resolution is testable.
using env_lookup = std::function<std::optional<std::string>(std::string_view)>;
env_lookup process_env();

struct connection_target {
    target_source source;
    // The connection string as given (URL or key=value); empty for libpq_env
    // (libpq reads the variables itself) and for embedded (see embedded_cluster).
    std::string conninfo;
    // How it was chosen, for `db status` and --verbose: "--database", "PGHOST, PGPORT", ...
    std::string reason;
};

connection_target resolve_target(const std::optional<std::string>& database_flag, const env_lookup& env);

std::string_view to_string(target_source source);

}  // namespace chatcost::db
