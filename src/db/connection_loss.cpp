#include "db/connection_loss.hpp"

#include <string>

#include <pqxx/except>

namespace chatcost::db {

namespace {

bool lost_connection_state(const std::string& sqlstate) {
    return sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03";
}

}  // namespace

bool is_connection_loss(const std::exception& error) noexcept {
    if (dynamic_cast<const pqxx::broken_connection*>(&error)) return true;
    if (dynamic_cast<const pqxx::in_doubt_error*>(&error)) return true;
    if (dynamic_cast<const pqxx::statement_completion_unknown*>(&error)) return true;
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error))
        return lost_connection_state(sql->sqlstate());
    return false;
}

}  // namespace chatcost::db
