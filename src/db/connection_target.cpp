#include "db/connection_target.hpp"

#include <array>
#include <cstdlib>

namespace chatcost::db {

namespace {

// The libpq variables that choose a server or database. PGPASSWORD, PGOPTIONS and
// the like only modify a connection, so on their own they do not select one.
constexpr std::array libpq_selecting_variables = {"PGHOST",     "PGHOSTADDR", "PGPORT",
                                                  "PGDATABASE", "PGUSER",     "PGSERVICE"};

std::optional<std::string> non_empty(const env_lookup& env, std::string_view name) {
    auto value = env(name);
    if (value && value->empty()) return std::nullopt;
    return value;
}

}  // namespace

env_lookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> {
        const char* value = std::getenv(std::string(name).c_str());
        if (!value) return std::nullopt;
        return std::string(value);
    };
}

connection_target resolve_target(const std::optional<std::string>& database_flag, const env_lookup& env) {
    if (database_flag) return {target_source::flag, *database_flag, "--database"};
    if (auto url = non_empty(env, "CHATCOST_DATABASE_URL")) {
        return {target_source::chatcost_env, *url, "CHATCOST_DATABASE_URL"};
    }
    if (auto url = non_empty(env, "DATABASE_URL"))
        return {target_source::database_url_env, *url, "DATABASE_URL"};
    std::string names;
    for (auto name : libpq_selecting_variables) {
        if (non_empty(env, name)) names += (names.empty() ? "" : ", ") + std::string(name);
    }
    if (!names.empty()) return {target_source::libpq_env, "", names};
    return {target_source::embedded, "", "no connection configured"};
}

std::string_view to_string(target_source source) {
    switch (source) {
        case target_source::flag:
            return "flag";
        case target_source::chatcost_env:
            return "chatcost_env";
        case target_source::database_url_env:
            return "database_url_env";
        case target_source::libpq_env:
            return "libpq_env";
        case target_source::embedded:
            return "embedded";
    }
    return "unknown";
}

}  // namespace chatcost::db
