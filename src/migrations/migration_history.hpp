#pragma once
// chatcost_schema_migrations, the bookkeeping table that migration 0001 creates: which
// migrations a database has applied (or failed part-way, or adopted: found made by the
// platform, migration 0010), read and written here only.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/transaction_base>

#include "migrations/migration_catalog.hpp"

namespace chatcost::db {

struct migration_record {
    std::int64_t version = 0;
    std::string name;
    std::string checksum;
    bool failed = false;     // state 'failed': stopped part-way, no transaction
    std::string applied_at;  // RFC 3339, UTC: when the row was written
    std::optional<std::int64_t> duration_ms;
    std::optional<std::int64_t> failed_statement;  // 1-based
    std::optional<std::string> sqlstate;
    std::optional<std::string> error;
    bool adopted = false;  // state 'adopted': its objects existed, chatcost ran nothing

    std::string label() const;  // "0001_schema_migrations"
};

struct migration_history {
    bool exists = false;                    // the bookkeeping table exists
    std::vector<migration_record> records;  // ascending versions
};

migration_history read_migration_history(pqxx::transaction_base& tx);

void record_applied(pqxx::transaction_base& tx, const migration& m, std::int64_t duration_ms);

// Records a migration whose objects the platform made as adopted (migrate up --adopt).
void record_adopted(pqxx::transaction_base& tx, const migration& m);

struct statement_failure {
    std::int64_t statement = 0;  // 1-based
    std::string sqlstate;
    std::string message;
};
void record_failed(pqxx::transaction_base& tx, const migration& m, std::int64_t duration_ms,
                   const statement_failure& failure);

// Removes the row of a migration that was undone.
void forget_migration(pqxx::transaction_base& tx, std::int64_t version);

}  // namespace chatcost::db
