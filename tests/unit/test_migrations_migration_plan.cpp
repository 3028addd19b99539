#include <doctest/doctest.h>

#include <functional>

#include <fmt/format.h>

#include "migrations/migration_plan.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using namespace std::chrono_literals;

namespace {

migration_catalog catalog() {
    return build_catalog(
        {{"0001_a.up.sql", "CREATE TABLE a (x bigint);\nCREATE TABLE a2 (x bigint);"},
         {"0001_a.down.sql", "DROP TABLE a2;\nDROP TABLE a;"},
         {"0002_idx.up.sql",
          "-- chatcost:no-transaction\nCREATE INDEX CONCURRENTLY IF NOT EXISTS "
          "idx_a ON a (x);"},
         {"0002_idx.down.sql", "-- chatcost:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS idx_a;"},
         {"0003_c.up.sql", "CREATE TABLE c (x bigint);"},
         {"0003_c.down.sql", "DROP TABLE c;"}},
        exit_code::internal);
}

migration_history recorded(const migration_catalog& c, std::vector<std::int64_t> versions) {
    migration_history history{true, {}};
    for (auto v : versions)
        history.records.push_back({v, c.find(v)->name, c.find(v)->checksum, false, "", 1, {}, {}, {}});
    return history;
}

std::vector<std::int64_t> versions(const std::vector<migration_step>& steps) {
    std::vector<std::int64_t> out;
    for (const auto& s : steps) out.push_back(s.m->version);
    return out;
}

exit_code refusal(const std::function<void()>& plan) {
    try {
        plan();
    } catch (const failure& error) {
        return error.code();
    }
    return exit_code::ok;
}

}  // namespace

TEST_CASE("plan up: the pending migrations, up to --to") {
    auto c = catalog();
    auto fresh = compare_schema(c, {});
    CHECK(versions(plan_up(fresh, std::nullopt, false)) == std::vector<std::int64_t>{1, 2, 3});
    CHECK(versions(plan_up(fresh, 2, false)) == std::vector<std::int64_t>{1, 2});
    CHECK(plan_up(fresh, 2, false).front().direction == migration_direction::up);
    CHECK(versions(plan_up(compare_schema(c, recorded(c, {1, 2, 3})), std::nullopt, false)).empty());
    CHECK(refusal([&] { plan_up(fresh, 7, false); }) == exit_code::usage);
}

TEST_CASE("plan up: drift and out-of-order refuse with exit 7; a failed one only with --retry-failed") {
    auto c = catalog();
    CHECK(refusal([&] {
              plan_up(compare_schema(c, recorded(c, {1, 3})), std::nullopt, false);
          }) == exit_code::schema);
    auto history = recorded(c, {1, 2});
    history.records[1].failed = true;
    history.records[1].failed_statement = 1;
    auto state = compare_schema(c, history);
    CHECK(refusal([&] { plan_up(state, std::nullopt, false); }) == exit_code::schema);
    CHECK(versions(plan_up(state, std::nullopt, true)) == std::vector<std::int64_t>{2, 3});
}

TEST_CASE("plan down: one step by default, --steps N, --to V, from the top") {
    auto c = catalog();
    auto state = compare_schema(c, recorded(c, {1, 2, 3}));
    CHECK(versions(plan_down(state, std::nullopt, 1)) == std::vector<std::int64_t>{3});
    CHECK(versions(plan_down(state, std::nullopt, 2)) == std::vector<std::int64_t>{3, 2});
    CHECK(versions(plan_down(state, 1, std::nullopt)) == std::vector<std::int64_t>{3, 2});
    CHECK(versions(plan_down(state, 0, std::nullopt)) == std::vector<std::int64_t>{3, 2, 1});
    CHECK(versions(plan_down(state, std::nullopt, 9)) == std::vector<std::int64_t>{3, 2, 1});
    CHECK(plan_down(state, 0, std::nullopt).front().direction == migration_direction::down);
    CHECK(versions(plan_down(compare_schema(c, {}), 0, std::nullopt)).empty());
    CHECK(refusal([&] { plan_down(state, 8, std::nullopt); }) == exit_code::usage);
}

TEST_CASE("plan down: an unknown or changed migration cannot be undone") {
    auto c = catalog();
    auto history = recorded(c, {1, 2});
    history.records.push_back({9, "later", "feed", false, "", 1, {}, {}, {}});
    CHECK(refusal([&] { plan_down(compare_schema(c, history), std::nullopt, 1); }) == exit_code::schema);
    auto edited = recorded(c, {1, 2});
    edited.records[1].checksum = std::string(64, '0');
    CHECK(refusal([&] { plan_down(compare_schema(c, edited), std::nullopt, 1); }) == exit_code::schema);
    CHECK(versions(plan_down(compare_schema(c, edited), 2, std::nullopt)).empty());  // 0002 is not undone
}

TEST_CASE("dry run: statements in order with transaction boundaries, timeouts and bookkeeping") {
    auto c = catalog();
    auto steps = plan_up(compare_schema(c, {}), 2, false);
    lock_policy policy{1500ms, 3, {}};
    auto script = plan_script(describe_plan(steps, policy, false));
    std::vector<std::string> expected = {
        "SET lock_timeout = '1500ms';",
        "SET statement_timeout = 0;",
        "",
        "-- apply 0001_a (0001_a.up.sql): one transaction; retried whole, 3 tries in all, when a lock is not "
        "granted within 1500ms",
        "BEGIN;",
        "-- statement 1 (line 1)",
        "CREATE TABLE a (x bigint);",
        "-- statement 2 (line 2)",
        "CREATE TABLE a2 (x bigint);",
        fmt::format("-- record 0001_a as applied in chatcost_schema_migrations (checksum {})",
                    c.find(1)->checksum),
        "COMMIT;",
        "",
        "-- apply 0002_idx (0002_idx.up.sql): no transaction, each statement commits on its own; a statement "
        "is "
        "retried, 3 tries in all, when its lock is not granted within 1500ms",
        "-- if an INVALID index idx_a is left by an earlier failed build: DROP INDEX CONCURRENTLY IF EXISTS "
        "idx_a",
        "-- statement 1 (line 2)",
        "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_a ON a (x);",
        fmt::format("-- record 0002_idx as applied in chatcost_schema_migrations (checksum {})",
                    c.find(2)->checksum),
    };
    CHECK(script == expected);
}

TEST_CASE("dry run down: the bookkeeping row goes first, inside the transaction") {
    auto c = catalog();
    auto steps = plan_down(compare_schema(c, recorded(c, {1})), 0, std::nullopt);
    auto lines = describe_plan(steps, {}, true);
    std::vector<std::string> kinds;
    for (const auto& l : lines) kinds.push_back(std::string(to_string(l.what)));
    CHECK(kinds == std::vector<std::string>{"note", "setting", "setting", "note", "begin", "record",
                                            "statement", "statement", "commit"});
    CHECK(lines[6].sql == "DROP TABLE a2");
    CHECK(lines[6].statement == 1);
    CHECK(lines[7].line == 2);
}

TEST_CASE("concurrent_index_name: the name as written, when there is one") {
    auto name = [](std::string_view sql) { return concurrent_index_name(split_sql(sql).statements.at(0)); };
    CHECK(name("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_x ON t (a)") == "idx_x");
    CHECK(name("create unique index concurrently s.\"Odd\" on s.t (a)") == "s.\"Odd\"");
    CHECK(name("CREATE INDEX CONCURRENTLY ON t (a)") == "");
    CHECK(name("CREATE INDEX idx_x ON t (a)") == "");
    CHECK(name("DROP INDEX CONCURRENTLY idx_x") == "");
}
