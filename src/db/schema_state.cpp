#include "db/schema_state.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

std::string schema_state::description() const {
    if (!migrated) return "not migrated";
    if (!version) return "no migration applied";
    return fmt::format("version {}", *version);
}

schema_state read_schema_state(pqxx::transaction_base& tx) {
    schema_state state;
    state.migrated = tx.exec1(std::string(query("bookkeeping_exists")))[0].as<bool>();
    return state;
}

}  // namespace chatcost::db
