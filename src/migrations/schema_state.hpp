#pragma once
// Where a database's schema stands against the migrations this binary knows: the bookkeeping
// rows (migration_history.hpp) compared with the catalog (migration_catalog.hpp), migration by
// migration. `migrate` plans from it; every other command calls require_current_schema first.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "migrations/migration_catalog.hpp"
#include "migrations/migration_history.hpp"

namespace chatcost::db {

enum class migration_state {
    applied,  // recorded, and the file's checksum matches
    pending,  // in this binary, not recorded
    changed,  // recorded, but the file was edited since (checksums differ)
    failed,   // recorded as failed part-way (no-transaction migration)
    unknown,  // recorded, but this binary has no such migration: the database is ahead
    adopted,  // recorded as adopted (its objects were the platform's), the checksum matches
};

std::string_view to_string(migration_state state);

struct migration_status {
    std::int64_t version = 0;
    std::string name;
    migration_state state = migration_state::pending;
    const migration* file = nullptr;         // into the catalog compared; null when unknown
    std::optional<migration_record> record;  // none when pending
    bool out_of_order = false;               // pending, yet below the highest recorded version

    std::string label() const;  // "0003_chat_messages"
    // Why it is not simply applied or pending, for people: checksums, failure, order. Else "".
    std::string detail() const;
};

struct schema_state {
    bool migrated = false;                         // the bookkeeping table exists
    std::optional<std::int64_t> version;           // highest applied
    std::optional<std::int64_t> expected_version;  // highest this binary knows
    std::vector<migration_status> migrations;      // ascending versions: files and records

    // Every migration applied (or adopted), with nothing changed, failed or unknown.
    bool current() const;
    // One line for people: "not migrated", "up to date (version 6)", "2 pending (at version 4 of 6)".
    std::string description() const;
    // What stops `migrate up` (exit 7), one sentence each: changed, unknown (database ahead),
    // out of order, and failed unless `failed_allowed`.
    std::vector<std::string> problems(bool failed_allowed = false) const;
};

// Pure: the catalog's migrations against the recorded ones. The state points into `catalog`.
schema_state compare_schema(const migration_catalog& catalog, const migration_history& history);

// The database's state against the migrations compiled into this binary, or against `catalog`.
schema_state read_schema_state(pqxx::transaction_base& tx);
schema_state read_schema_state(pqxx::transaction_base& tx, const migration_catalog& catalog);

// For every command but `migrate` and `db`: call once, before the command's own work. Throws
// failure(exit_code::schema, ..., "run 'chatcost migrate up' first") when the database is not
// migrated or a migration of this binary is pending, failed or changed; a database ahead of
// this binary gets a hint to use a newer chatcost instead. The connection overload reads in a
// short read-only transaction of its own, so call it before opening yours.
void require_current_schema(pqxx::connection& connection);
void require_current_schema(pqxx::transaction_base& tx);

}  // namespace chatcost::db
