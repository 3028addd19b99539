#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "migrations/platform_shape.hpp"
#include "util/failure.hpp"

using namespace chatcost::db;

namespace {

using column = table_shape::column;
using constraint = table_shape::constraint;
using index = table_shape::index;

// The platform's tables as chatcost's own migrations 0002 and 0003 make them, plus what a
// platform adds: extra columns, an index of chatcost's name.
database_shape platform() {
    database_shape shape;
    shape.tables.push_back(
        {"users",
         "table",
         {{"id", "uuid"}, {"username", "character varying(64)"}, {"name", "text"}, {"bio", "text"}},
         {{"users_pkey", 'p', {"id"}, ""}},
         {{"users_pkey", {"id"}, true, false, true}}});
    shape.tables.push_back(
        {"chats",
         "table",
         {{"id", "uuid"},
          {"owner_id", "uuid"},
          {"parent_chat_id", "uuid"},
          {"root_chat_id", "uuid"},
          {"title", "text"}},
         {{"chats_pkey", 'p', {"id"}, ""},
          {"chats_parent_chat_id_fkey", 'f', {"parent_chat_id"}, "chats"},
          {"chats_root_chat_id_fkey", 'f', {"root_chat_id"}, "chats"}},
         {{"chats_pkey", {"id"}, true, false, true}, {"idx_chats_owner_id", {"owner_id"}}}});
    shape.tables.push_back({"chat_model_configs",
                            "table",
                            {{"id", "uuid"},
                             {"provider", "text"},
                             {"model", "text"},
                             {"display_name", "text"},
                             {"options", "jsonb"}},
                            {{"chat_model_configs_pkey", 'p', {"id"}, ""}},
                            {}});
    shape.tables.push_back({"chat_messages",
                            "table",
                            {{"id", "bigint"},
                             {"chat_id", "uuid"},
                             {"model_config_id", "uuid"},
                             {"created_at", "timestamp with time zone"},
                             {"role", "text"},
                             {"content", "text"},
                             {"input_tokens", "bigint"},
                             {"output_tokens", "bigint"},
                             {"reasoning_tokens", "bigint"},
                             {"cache_read_tokens", "bigint"},
                             {"cache_creation_tokens", "bigint"}},
                            {{"chat_messages_pkey", 'p', {"id"}, ""}},
                            {{"chat_messages_pkey", {"id"}, true, false, true},
                             {"idx_chat_messages_created_at", {"created_at"}}}});
    return shape;
}

table_shape& table(database_shape& shape, const std::string& name) {
    return *std::find_if(shape.tables.begin(), shape.tables.end(),
                         [&](const auto& t) { return t.name == name; });
}

// "adopt 2", "up 4", ... for each step.
std::vector<std::string> steps(const std::vector<migration_step>& plan) {
    std::vector<std::string> out;
    for (const auto& s : plan) {
        auto verb = s.direction == migration_direction::adopt ? "adopt"
                    : s.direction == migration_direction::up  ? "up"
                                                              : "down";
        out.push_back(std::string(verb) + " " + std::to_string(s.m->version));
    }
    return out;
}

bool mentions(const std::vector<shape_finding>& findings, const std::string& text) {
    return std::any_of(findings.begin(), findings.end(),
                       [&](const auto& f) { return f.message.find(text) != std::string::npos; });
}

std::string failure_of(const schema_state& state, const database_shape& shape) {
    try {
        plan_adopt(state, shape);
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::schema);
        return error.what();
    }
    return "";
}

using list = std::vector<std::string>;

}  // namespace

TEST_CASE("platform shape: the versions adoption names are chatcost's migrations of those names") {
    const auto& catalog = embedded_migrations();
    CHECK(catalog.find(bookkeeping_migration)->name == "schema_migrations");
    CHECK(catalog.find(platform_tables_migration)->name == "chat_platform");
    CHECK(catalog.find(chat_messages_migration)->name == "chat_messages");
    CHECK(catalog.find(cost_column_migration)->name == "chat_messages_total_cost");
    CHECK(catalog.find(adoption_migration)->name == "schema_migrations_adopted");
    auto inspected = tables_to_inspect(catalog);
    for (const auto* name : {"users", "chats", "chat_model_configs", "chat_messages", "ai_model_prices",
                             "chatcost_backfill_runs", "chatcost_schema_migrations"}) {
        CHECK(std::find(inspected.begin(), inspected.end(), name) != inspected.end());
    }
}

TEST_CASE(
    "platform shape: a fresh platform database is adopted, then chatcost's own migrations run in order") {
    auto state = compare_schema(embedded_migrations(), {});
    auto shape = platform();
    auto check = check_platform_shape(shape, state);
    CHECK(check.ok());
    CHECK(mentions(check.accepted, "column users.username is character varying(64): read as text"));
    CHECK(mentions(check.accepted, "index idx_chat_messages_created_at exists already"));
    list expected{"up 1", "up 10", "adopt 2", "adopt 3", "up 4", "up 5", "up 6", "up 7", "up 8", "up 9"};
    auto plan = steps(plan_adopt(state, shape));
    REQUIRE(plan.size() >= expected.size());
    CHECK(list(plan.begin(), plan.begin() + long(expected.size())) == expected);

    // total_cost_micros there already: 0004 is adopted too (its down would drop the platform's column).
    table(shape, "chat_messages").columns.push_back({"total_cost_micros", "bigint"});
    auto with_cost = steps(plan_adopt(state, shape));
    CHECK(list(with_cost.begin(), with_cost.begin() + 6) ==
          list{"up 1", "up 10", "adopt 2", "adopt 3", "adopt 4", "up 5"});
}

TEST_CASE("platform shape: the distributed (Citus) shape is accepted, and said so") {
    auto state = compare_schema(embedded_migrations(), {});
    auto shape = platform();
    auto& messages = table(shape, "chat_messages");
    messages.constraints = {{"chat_messages_pkey", 'p', {"chat_id", "id"}, ""}};
    messages.indexes = {{"chat_messages_pkey", {"chat_id", "id"}, true, false, true}};
    table(shape, "chats").constraints = {{"chats_pkey", 'p', {"id"}, ""}};
    auto check = check_platform_shape(shape, state);
    CHECK(check.ok());
    CHECK(mentions(check.accepted, "chat_messages' primary key is (chat_id, id), not (id)"));
    CHECK(mentions(check.accepted, "no index of chat_messages starts with id"));
    CHECK(mentions(check.accepted, "no foreign key chats.parent_chat_id -> chats (id)"));
    CHECK(mentions(check.accepted, "no foreign key chats.root_chat_id -> chats (id)"));
    CHECK_FALSE(plan_adopt(state, shape).empty());

    // An index on id takes away the advice; a key without id is a mismatch.
    messages.indexes.push_back({"idx_chat_messages_id", {"id"}});
    CHECK_FALSE(
        mentions(check_platform_shape(shape, state).accepted, "no index of chat_messages starts with id"));
    messages.constraints = {{"chat_messages_pkey", 'p', {"chat_id", "position"}, ""}};
    CHECK(mentions(check_platform_shape(shape, state).mismatches,
                   "no primary key or unique constraint that contains id"));
}

TEST_CASE("platform shape: every mismatch is listed, and nothing is planned") {
    auto state = compare_schema(embedded_migrations(), {});
    auto shape = platform();
    auto& messages = table(shape, "chat_messages");
    messages.columns.erase(std::find_if(messages.columns.begin(), messages.columns.end(),
                                        [](const auto& c) { return c.name == "reasoning_tokens"; }));
    std::find_if(messages.columns.begin(), messages.columns.end(), [](const auto& c) {
        return c.name == "input_tokens";
    })->type = "integer";
    messages.columns.push_back({"total_cost_micros", "numeric(20,0)"});
    table(shape, "chat_model_configs").columns.back().type = "json";
    table(shape, "users").constraints.clear();
    table(shape, "users").indexes.clear();
    shape.tables.push_back({"ai_model_prices", "table", {{"provider", "text"}}, {}, {}});

    auto message = failure_of(state, shape);
    CHECK(message.find("nothing was changed (6 mismatches)") != std::string::npos);
    CHECK(message.find("column chat_messages.reasoning_tokens is missing") != std::string::npos);
    CHECK(message.find("column chat_messages.input_tokens is integer, chatcost needs bigint") !=
          std::string::npos);
    CHECK(message.find("column chat_messages.total_cost_micros is numeric(20,0), chatcost needs bigint") !=
          std::string::npos);
    CHECK(message.find("column chat_model_configs.options is json, chatcost needs jsonb") !=
          std::string::npos);
    CHECK(message.find("users has no primary key or unique index on (id)") != std::string::npos);
    CHECK(message.find(
              "table ai_model_prices exists already, but chatcost's migration 0006_ai_model_prices creates "
              "it") != std::string::npos);

    database_shape empty;
    CHECK(failure_of(state, empty).find("nothing to adopt") == 0);
}

TEST_CASE("platform shape: a plain `up` on the platform's tables is refused with a hint to adopt") {
    auto state = compare_schema(embedded_migrations(), {});
    try {
        refuse_existing_platform_tables(state, platform());
        FAIL("not refused");
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::schema);
        CHECK(
            std::string(error.what()).find("users, chats, chat_model_configs, chat_messages exist already") ==
            0);
        CHECK(error.next_step().find("chatcost migrate up --adopt") != std::string::npos);
    }
    CHECK_NOTHROW(refuse_existing_platform_tables(state, database_shape{}));
}

TEST_CASE("platform shape: adopted migrations are current, and never undone") {
    const auto& catalog = embedded_migrations();
    migration_history history;
    history.exists = true;
    for (const auto& m : catalog.migrations) {
        migration_record record;
        record.version = m.version;
        record.name = m.name;
        record.checksum = m.checksum;
        record.applied_at = "2026-11-22T08:00:00.000Z";
        record.adopted = m.version == platform_tables_migration || m.version == chat_messages_migration;
        if (!record.adopted) record.duration_ms = 1;
        history.records.push_back(record);
    }
    auto state = compare_schema(catalog, history);
    CHECK(state.current());
    CHECK(state.migrations[1].state == migration_state::adopted);
    CHECK(to_string(state.migrations[1].state) == "adopted");
    CHECK(plan_up(state, std::nullopt, false).empty());
    CHECK(plan_adopt(state, database_shape{}).empty());  // adopted before: nothing to adopt or check

    auto refused = [&](std::optional<std::int64_t> to, std::optional<int> count) {
        try {
            plan_down(state, to, count);
        } catch (const chatcost::failure& error) {
            return std::string(error.what());
        }
        return std::string();
    };
    CHECK(refused(0, std::nullopt).find("cannot undo 0003_chat_messages: it was adopted") !=
          std::string::npos);
    CHECK(refused(std::nullopt, int(catalog.migrations.size()) - adoption_migration + 1)
              .find("cannot undo 0010_schema_migrations_adopted") != std::string::npos);
    CHECK(refused(3, std::nullopt).find("0010_schema_migrations_adopted") != std::string::npos);
}

TEST_CASE("platform shape: an adoption that stopped part-way goes on from where it stopped") {
    const auto& catalog = embedded_migrations();
    auto record = [&](std::int64_t version, bool adopted) {
        const auto* m = catalog.find(version);
        migration_record r;
        r.version = version;
        r.name = m->name;
        r.checksum = m->checksum;
        r.applied_at = "2026-11-22T08:00:00.000Z";
        r.adopted = adopted;
        return r;
    };
    migration_history history;
    history.exists = true;
    history.records = {record(bookkeeping_migration, false), record(platform_tables_migration, true),
                       record(adoption_migration, false)};
    auto state = compare_schema(catalog, history);
    CHECK_FALSE(state.problems().empty());  // out of order for a plain `up`
    auto plan = steps(plan_adopt(state, platform()));
    CHECK(list(plan.begin(), plan.begin() + 3) == list{"adopt 3", "up 4", "up 5"});

    // Stopped after the adoption, during chatcost's own migrations.
    history.records.insert(history.records.begin() + 2, record(chat_messages_migration, true));
    auto later = steps(plan_adopt(compare_schema(catalog, history), platform()));
    CHECK(list(later.begin(), later.begin() + 2) == list{"up 4", "up 5"});
}
