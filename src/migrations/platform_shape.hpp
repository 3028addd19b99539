#pragma once
// `migrate up --adopt`: chatcost on the chat platform's own database, where the platform made
// users, chats, chat_model_configs and chat_messages itself (migrations 0002 and 0003 describe
// chatcost's copy of them). Before adopting, the tables the platform made are checked against
// what chatcost reads: every column it reads exists with a type it can use; extra columns,
// indexes and constraints are the platform's business. Also accepted, and said so, is the shape
// Citus needs to distribute them (docs/scaling.md): a chat_messages key that contains id, such
// as (chat_id, id), and chats without its two self-referencing foreign keys. Pure: the catalog's
// description of the tables in, findings and the plan out.

#include <cstdint>
#include <string>
#include <vector>

#include "migrations/migration_plan.hpp"
#include "migrations/schema_state.hpp"

namespace chatcost::db {

// The migrations adoption treats as their own kind (a unit test holds them to the catalog).
inline constexpr std::int64_t bookkeeping_migration = 1;      // chatcost_schema_migrations
inline constexpr std::int64_t platform_tables_migration = 2;  // users, chats, chat_model_configs
inline constexpr std::int64_t chat_messages_migration = 3;    // chat_messages
inline constexpr std::int64_t cost_column_migration = 4;      // chat_messages.total_cost_micros
inline constexpr std::int64_t adoption_migration = 10;        // the state 'adopted'

// One table as the catalog describes it (adopt_table_shapes.sql).
struct table_shape {
    struct column {
        std::string name;
        std::string type;  // as format_type prints it: "bigint", "character varying(64)"
    };
    struct constraint {
        std::string name;
        char kind = 'p';                   // 'p' primary key, 'u' unique, 'f' foreign key
        std::vector<std::string> columns;  // in key order
        std::string references;            // for 'f': the referenced table
    };
    struct index {
        std::string name;
        std::vector<std::string> columns;  // key columns in order; "" for an expression
        bool unique = false;
        bool partial = false;
        bool valid = true;
    };
    std::string name;
    std::string kind = "table";  // "table", "partitioned table", "view", ...
    std::vector<column> columns;
    std::vector<constraint> constraints;
    std::vector<index> indexes;

    const column* find_column(const std::string& column_name) const;
};

struct database_shape {
    std::vector<table_shape> tables;  // the tables that exist, of those asked for

    const table_shape* find(const std::string& table) const;
};

struct shape_finding {
    std::string table;
    std::string message;
};

struct shape_check {
    std::vector<shape_finding> mismatches;  // each stops the adoption (exit 7)
    std::vector<shape_finding> accepted;    // differences chatcost works with, said so
    bool ok() const { return mismatches.empty(); }
};

// The tables to describe for the check: the platform's, and every table a migration of
// `catalog` creates (CREATE TABLE in its up file), which must not exist yet.
std::vector<std::string> tables_to_inspect(const migration_catalog& catalog);

// The platform's tables against what chatcost reads; and every table that a migration still to
// run would create but that exists already (it would fail half-way through the adoption).
shape_check check_platform_shape(const database_shape& shape, const schema_state& state);

// `migrate up --adopt`: 0001 and 0010 (the bookkeeping, able to say 'adopted') if pending, then
// 0002 and 0003 recorded as adopted, 0004 too when total_cost_micros exists already, then every
// other pending migration in order. Once 0002 and 0003 are recorded, the plan of a plain
// `migrate up`. Throws failure(schema) listing every mismatch, or when the database's
// bookkeeping shows chatcost migrated part of it already; failure(usage) for a catalog without
// chatcost's own migrations.
std::vector<migration_step> plan_adopt(const schema_state& state, const database_shape& shape);

// For a plain `migrate up`: throws failure(schema) with a hint to use --adopt when a platform
// migration is pending but its tables exist (it would fail on "relation already exists").
void refuse_existing_platform_tables(const schema_state& state, const database_shape& shape);

}  // namespace chatcost::db
