#pragma once
// Which version of chatcost's schema a database has, from its bookkeeping table.

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/transaction_base>

namespace chatcost::db {

struct schema_state {
    bool migrated = false;                 // the bookkeeping table exists
    std::optional<std::int64_t> version;   // highest applied migration, if any

    std::string description() const;
};

schema_state read_schema_state(pqxx::transaction_base& tx);

}  // namespace chatcost::db
