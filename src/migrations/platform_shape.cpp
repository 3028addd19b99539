#include "migrations/platform_shape.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// The column types chatcost can use, by what it does with the column.
enum class need { uuid, text, bigint, timestamptz, jsonb };

struct read_column {
    const char* table;
    const char* column;
    need type;
};

// Every platform column a statement under sql/queries/ reads (the demo's sample data aside: it
// runs on the embedded database only). total_cost_micros is chatcost's: added when missing.
constexpr read_column columns_read[] = {
    {"users", "id", need::uuid},
    {"users", "username", need::text},
    {"users", "name", need::text},
    {"chats", "id", need::uuid},
    {"chats", "owner_id", need::uuid},
    {"chats", "root_chat_id", need::uuid},
    {"chats", "title", need::text},
    {"chat_model_configs", "id", need::uuid},
    {"chat_model_configs", "provider", need::text},
    {"chat_model_configs", "model", need::text},
    {"chat_model_configs", "display_name", need::text},
    {"chat_model_configs", "options", need::jsonb},
    {"chat_messages", "id", need::bigint},
    {"chat_messages", "chat_id", need::uuid},
    {"chat_messages", "model_config_id", need::uuid},
    {"chat_messages", "created_at", need::timestamptz},
    {"chat_messages", "role", need::text},
    {"chat_messages", "input_tokens", need::bigint},
    {"chat_messages", "output_tokens", need::bigint},
    {"chat_messages", "reasoning_tokens", need::bigint},
    {"chat_messages", "cache_read_tokens", need::bigint},
    {"chat_messages", "cache_creation_tokens", need::bigint},
};

constexpr const char* platform_tables[] = {"users", "chats", "chat_model_configs", "chat_messages"};

const char* type_name(need type) {
    switch (type) {
        case need::uuid:
            return "uuid";
        case need::text:
            return "text";
        case need::bigint:
            return "bigint";
        case need::timestamptz:
            return "timestamp with time zone";
        case need::jsonb:
            return "jsonb";
    }
    return "text";
}

bool starts_with(const std::string& text, std::string_view prefix) {
    return text.compare(0, prefix.size(), prefix) == 0;
}

// Whether chatcost can use a column of `actual` type where it needs `type`; why not, else "".
std::string type_problem(need type, const std::string& actual) {
    if (actual == type_name(type)) return "";
    if (type == need::text && starts_with(actual, "character varying")) return "";
    switch (type) {
        case need::bigint:
            return "chatcost reads token counts and ids, and writes costs, as 64-bit integers";
        case need::timestamptz:
            return "reports cut days and months in a time zone, which needs instants (timestamp with time "
                   "zone)";
        case need::jsonb:
            return "the prices are read from the config's options as jsonb";
        case need::text:
            return "chatcost compares and searches it as text";
        case need::uuid:
            return "chatcost joins and prints it as a uuid";
    }
    return "";
}

std::string joined(const std::vector<std::string>& names) {
    std::string text;
    for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
    return text;
}

bool contains(const std::vector<std::string>& names, const std::string& name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

// A primary key, unique constraint or valid, non-partial unique index on exactly `columns`.
bool unique_on(const table_shape& table, const std::vector<std::string>& columns) {
    for (const auto& c : table.constraints) {
        if ((c.kind == 'p' || c.kind == 'u') && c.columns == columns) return true;
    }
    for (const auto& i : table.indexes) {
        if (i.unique && !i.partial && i.valid && i.columns == columns) return true;
    }
    return false;
}

// A valid, non-partial index whose first key column is `column`.
bool index_leads_with(const table_shape& table, const std::string& column) {
    return std::any_of(table.indexes.begin(), table.indexes.end(), [&](const auto& i) {
        return i.valid && !i.partial && !i.columns.empty() && i.columns.front() == column;
    });
}

bool has_foreign_key(const table_shape& table, const std::string& column, const std::string& references) {
    return std::any_of(table.constraints.begin(), table.constraints.end(), [&](const auto& c) {
        return c.kind == 'f' && c.columns == std::vector<std::string>{column} && c.references == references;
    });
}

// What `CREATE TABLE [IF NOT EXISTS] name` and `CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT
// EXISTS] name` statements of a script create, by kind.
struct created_objects {
    std::vector<std::string> tables;
    std::vector<std::string> indexes;
};

created_objects objects_created(const migration_script& script) {
    created_objects made;
    for (const auto& statement : script.statements) {
        const auto& t = statement.tokens;
        std::size_t i = 0;
        auto next_is = [&](std::string_view word) {
            if (i < t.size() && t[i].is(word)) return ++i, true;
            return false;
        };
        if (!next_is("CREATE")) continue;
        bool unique = next_is("UNIQUE");
        bool table = !unique && next_is("TABLE");
        if (!table) {
            if (!next_is("INDEX")) continue;
            next_is("CONCURRENTLY");
        }
        if (next_is("IF") && !(next_is("NOT") && next_is("EXISTS"))) continue;
        if (i >= t.size() || t[i].is("ON")) continue;  // an index without a name
        (table ? made.tables : made.indexes).push_back(t[i].name());
    }
    return made;
}

bool adopted_kind(std::int64_t version) {
    return version == platform_tables_migration || version == chat_messages_migration;
}

// The versions to record as adopted: 0002 and 0003, and 0004 when its column exists.
std::set<std::int64_t> versions_to_adopt(const database_shape& shape) {
    std::set<std::int64_t> versions{platform_tables_migration, chat_messages_migration};
    const auto* messages = shape.find("chat_messages");
    if (messages && messages->find_column("total_cost_micros")) versions.insert(cost_column_migration);
    return versions;
}

void check_columns(const table_shape& table, shape_check& check) {
    for (const auto& read : columns_read) {
        if (table.name != read.table) continue;
        const auto* column = table.find_column(read.column);
        if (!column) {
            check.mismatches.push_back(
                {table.name, fmt::format("column {}.{} is missing: chatcost reads it ({})", table.name,
                                         read.column, type_name(read.type))});
        } else if (auto why = type_problem(read.type, column->type); !why.empty()) {
            check.mismatches.push_back(
                {table.name, fmt::format("column {}.{} is {}, chatcost needs {}: {}", table.name, read.column,
                                         column->type, type_name(read.type), why)});
        } else if (column->type != type_name(read.type)) {
            check.accepted.push_back({table.name, fmt::format("column {}.{} is {}: read as text", table.name,
                                                              read.column, column->type)});
        }
    }
}

void check_keys(const table_shape& table, shape_check& check) {
    const std::vector<std::string> id{"id"};
    if (table.name != "chat_messages") {
        if (!unique_on(table, id)) {
            check.mismatches.push_back(
                {table.name,
                 fmt::format("{} has no primary key or unique index on (id): reports join it by id "
                             "and would count a row twice",
                             table.name)});
        }
        return;
    }
    if (unique_on(table, id)) return;
    const table_shape::constraint* key = nullptr;
    for (const auto& c : table.constraints) {
        if ((c.kind == 'p' || c.kind == 'u') && contains(c.columns, "id") && (!key || c.kind == 'p'))
            key = &c;
    }
    if (!key) {
        check.mismatches.push_back(
            {table.name,
             "chat_messages has no primary key or unique constraint that contains id: backfill and "
             "explain address a message by its id"});
        return;
    }
    check.accepted.push_back(
        {table.name,
         fmt::format("chat_messages' {} is ({}), not (id), as Citus needs to distribute it by chat_id "
                     "or partitioning by created_at needs: "
                     "chatcost relies on id alone being unique, which the key no longer enforces "
                     "(a bigserial or identity id keeps it so)",
                     key->kind == 'p' ? "primary key" : "unique constraint", joined(key->columns))});
    if (!index_leads_with(table, "id")) {
        check.accepted.push_back(
            {table.name,
             "no index of chat_messages starts with id: backfill's writes and explain then read the "
             "whole table; add one: CREATE INDEX CONCURRENTLY idx_chat_messages_id ON chat_messages "
             "(id)"});
    }
}

void check_foreign_keys(const table_shape& table, shape_check& check) {
    struct expected_key {
        const char* table;
        const char* column;
        const char* references;
        const char* why;
    };
    constexpr expected_key keys[] = {
        {"chats", "parent_chat_id", "chats", "Citus cannot keep a self-reference of a distributed table"},
        {"chats", "root_chat_id", "chats", "Citus cannot keep a self-reference of a distributed table"},
    };
    for (const auto& key : keys) {
        if (table.name != key.table || !table.find_column(key.column)) continue;
        if (has_foreign_key(table, key.column, key.references)) continue;
        check.accepted.push_back(
            {table.name, fmt::format("no foreign key {}.{} -> {} (id) ({}): chatcost does not rely on it",
                                     table.name, key.column, key.references, key.why)});
    }
    if (table.name == "chats" && !index_leads_with(table, "owner_id")) {
        check.accepted.push_back(
            {table.name,
             "no index of chats starts with owner_id: summary then reads every chat to find a "
             "user's; add one: CREATE INDEX CONCURRENTLY idx_chats_owner_id ON chats (owner_id)"});
    }
}

}  // namespace

const table_shape::column* table_shape::find_column(const std::string& column_name) const {
    for (const auto& c : columns) {
        if (c.name == column_name) return &c;
    }
    return nullptr;
}

const table_shape* database_shape::find(const std::string& table) const {
    for (const auto& t : tables) {
        if (t.name == table) return &t;
    }
    return nullptr;
}

std::vector<std::string> tables_to_inspect(const migration_catalog& catalog) {
    std::vector<std::string> names(std::begin(platform_tables), std::end(platform_tables));
    for (const auto& m : catalog.migrations) {
        for (auto& table : objects_created(m.up).tables) {
            if (!contains(names, table)) names.push_back(std::move(table));
        }
    }
    return names;
}

shape_check check_platform_shape(const database_shape& shape, const schema_state& state) {
    shape_check check;
    for (const auto* name : platform_tables) {
        const auto* table = shape.find(name);
        if (!table) {
            check.mismatches.push_back({name, fmt::format("table {} does not exist", name)});
            continue;
        }
        if (table->kind != "table" && table->kind != "partitioned table") {
            check.mismatches.push_back(
                {name, fmt::format("{} is a {}, chatcost needs a table", name, table->kind)});
            continue;
        }
        if (table->kind == "partitioned table") {
            check.accepted.push_back(
                {name,
                 fmt::format("{} is partitioned: chatcost builds each of its indexes on the parent alone, "
                             "then CONCURRENTLY on each partition, and attaches them (a partition "
                             "added later gets them from the parent)",
                             name)});
        }
        check_columns(*table, check);
        check_keys(*table, check);
        check_foreign_keys(*table, check);
    }
    if (const auto* messages = shape.find("chat_messages")) {
        if (const auto* cost = messages->find_column("total_cost_micros")) {
            if (cost->type != "bigint") {
                check.mismatches.push_back(
                    {"chat_messages",
                     fmt::format("column chat_messages.total_cost_micros is {}, chatcost needs "
                                 "bigint: it writes costs in micro-dollars as 64-bit integers",
                                 cost->type)});
            } else {
                check.accepted.push_back(
                    {"chat_messages",
                     "column chat_messages.total_cost_micros exists already (bigint): migration "
                     "0004, which adds it, is adopted, not run"});
            }
        }
    }
    // What the migrations still to run create must not exist, or they would fail half-way.
    const auto adopting = versions_to_adopt(shape);
    for (const auto& m : state.migrations) {
        if (m.state != migration_state::pending || !m.file || adopting.count(m.version)) continue;
        auto made = objects_created(m.file->up);
        for (const auto& name : made.tables) {
            if (shape.find(name)) {
                check.mismatches.push_back(
                    {name, fmt::format("table {} exists already, but chatcost's migration {} creates it",
                                       name, m.label())});
            }
        }
        for (const auto& name : made.indexes) {
            for (const auto& table : shape.tables) {
                bool exists = std::any_of(table.indexes.begin(), table.indexes.end(),
                                          [&](const auto& i) { return i.name == name; });
                if (!exists) continue;
                check.accepted.push_back(
                    {table.name,
                     fmt::format("index {} exists already: kept as it is (migration {} creates it only "
                                 "if it does not exist), and 'migrate down' below {} would drop it",
                                 name, m.label(), m.version)});
            }
        }
    }
    return check;
}

std::vector<migration_step> plan_adopt(const schema_state& state, const database_shape& shape) {
    const auto status_of = [&](std::int64_t version) -> const migration_status* {
        for (const auto& m : state.migrations) {
            if (m.version == version && m.file) return &m;
        }
        return nullptr;
    };
    for (auto version : {bookkeeping_migration, platform_tables_migration, chat_messages_migration,
                         cost_column_migration, adoption_migration}) {
        if (!status_of(version)) {
            throw failure(
                exit_code::usage,
                fmt::format("--adopt: these migrations have no migration {:04}, which adoption needs",
                            version),
                "adopt with the migrations compiled into chatcost");
        }
    }
    const bool platform_recorded = status_of(platform_tables_migration)->record.has_value();
    const bool messages_recorded = status_of(chat_messages_migration)->record.has_value();
    // An adoption applies 0010 before 0002: until it has run to its end, the migrations after
    // the adopted ones are pending below 0010, out of order for a plain `up` but the very order
    // this plan restores (also when an adoption that stopped part-way is run again).
    auto settled = state;
    for (auto& m : settled.migrations) m.out_of_order = false;
    if (platform_recorded && messages_recorded) {
        bool adopted = status_of(platform_tables_migration)->state == migration_state::adopted ||
                       status_of(chat_messages_migration)->state == migration_state::adopted;
        return plan_up(adopted ? settled : state, std::nullopt, false);  // nothing (more) to adopt
    }
    auto problems = settled.problems();
    std::vector<std::string> ran;
    for (const auto& m : state.migrations) {
        if (m.record && m.state != migration_state::adopted && m.version != bookkeeping_migration &&
            m.version != adoption_migration) {
            ran.push_back(m.label());
        }
    }
    if (!ran.empty()) {
        problems.push_back(
            fmt::format("chatcost's migrations {} are recorded here, but not {:04} and {:04}: the "
                        "database was migrated by chatcost in part, not made by the platform",
                        joined(ran), platform_tables_migration, chat_messages_migration));
    }
    if (!problems.empty()) {
        std::string message = fmt::format("cannot adopt: {}", problems.front());
        for (std::size_t i = 1; i < problems.size(); ++i) message += "\n  " + problems[i];
        throw failure(exit_code::schema, message, "see 'chatcost migrate status'");
    }
    bool any_platform_table = std::any_of(std::begin(platform_tables), std::end(platform_tables),
                                          [&](const char* name) { return shape.find(name) != nullptr; });
    if (!any_platform_table) {
        throw failure(exit_code::schema,
                      "nothing to adopt: none of users, chats, chat_model_configs and chat_messages exists",
                      "run 'chatcost migrate up' without --adopt: it creates them");
    }
    auto check = check_platform_shape(shape, state);
    if (!check.ok()) {
        std::string message = fmt::format(
            "the platform's tables do not have the shape chatcost reads; nothing was changed ({} "
            "mismatch{}):",
            check.mismatches.size(), check.mismatches.size() == 1 ? "" : "es");
        for (const auto& m : check.mismatches) message += "\n  " + m.message;
        throw failure(
            exit_code::schema, message,
            "change the platform's tables (or chatcost's expectations) and run 'chatcost migrate up "
            "--adopt' again; extra columns and indexes are fine");
    }
    std::vector<migration_step> steps;
    auto add_up = [&](std::int64_t version) {
        const auto* m = status_of(version);
        if (m->state == migration_state::pending) steps.push_back({m->file, migration_direction::up});
    };
    add_up(bookkeeping_migration);
    add_up(adoption_migration);
    const auto adopting = versions_to_adopt(shape);
    for (auto version : adopting) {
        const auto* m = status_of(version);
        if (!m->record)
            steps.push_back({m->file, migration_direction::adopt});  // else adopted by a run that stopped
    }
    for (const auto& m : state.migrations) {
        if (m.version == bookkeeping_migration || m.version == adoption_migration ||
            adopting.count(m.version))
            continue;
        if (m.state == migration_state::pending) steps.push_back({m.file, migration_direction::up});
    }
    return steps;
}

void refuse_existing_platform_tables(const schema_state& state, const database_shape& shape) {
    std::vector<std::string> existing;
    std::vector<std::string> labels;
    for (const auto& m : state.migrations) {
        if (!adopted_kind(m.version) || m.state != migration_state::pending || !m.file) continue;
        bool any = false;
        for (const auto& table : objects_created(m.file->up).tables) {
            if (shape.find(table)) existing.push_back(table), any = true;
        }
        if (any) labels.push_back(m.label());
    }
    if (existing.empty()) return;
    throw failure(exit_code::schema,
                  fmt::format("{} exist{} already: this looks like the chat platform's own database, and "
                              "chatcost's migrations {} would create {}; nothing was changed",
                              joined(existing), existing.size() == 1 ? "s" : "", joined(labels),
                              existing.size() == 1 ? "it" : "them"),
                  "run 'chatcost migrate up --adopt': it checks the platform's tables and adopts them "
                  "(README.md, \"Adopting the platform's database\")");
}

}  // namespace chatcost::db
