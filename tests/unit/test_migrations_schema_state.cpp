#include <doctest/doctest.h>

#include "migrations/schema_state.hpp"

using namespace chatcost::db;

namespace {

migration_catalog three() {
    return build_catalog({{"0001_a.up.sql", "CREATE TABLE a (x bigint);"},
                          {"0001_a.down.sql", "DROP TABLE a;"},
                          {"0002_b.up.sql", "CREATE TABLE b (x bigint);"},
                          {"0002_b.down.sql", "DROP TABLE b;"},
                          {"0003_c.up.sql", "CREATE TABLE c (x bigint);"},
                          {"0003_c.down.sql", "DROP TABLE c;"}},
                         chatcost::exit_code::internal);
}

migration_record applied(const migration_catalog& catalog, std::int64_t version) {
    const auto* m = catalog.find(version);
    migration_record record;
    record.version = version;
    record.name = m->name;
    record.checksum = m->checksum;
    record.applied_at = "2026-11-22T08:00:00.000Z";
    record.duration_ms = 3;
    return record;
}

}  // namespace

TEST_CASE("schema state: no bookkeeping table is 'not migrated', everything pending") {
    auto catalog = three();
    auto state = compare_schema(catalog, {});
    CHECK_FALSE(state.migrated);
    CHECK_FALSE(state.version.has_value());
    CHECK(state.expected_version == 3);
    CHECK_FALSE(state.current());
    CHECK(state.description() == "not migrated");
    REQUIRE(state.migrations.size() == 3);
    for (const auto& m : state.migrations) CHECK(m.state == migration_state::pending);
    CHECK(state.problems().empty());
}

TEST_CASE("schema state: applied, pending, and up to date") {
    auto catalog = three();
    auto partly = compare_schema(catalog, {true, {applied(catalog, 1), applied(catalog, 2)}});
    CHECK(partly.version == 2);
    CHECK(partly.migrations[1].state == migration_state::applied);
    CHECK(partly.migrations[2].state == migration_state::pending);
    CHECK_FALSE(partly.migrations[2].out_of_order);
    CHECK(partly.description() == "1 pending (version 2 of 3)");
    auto full =
        compare_schema(catalog, {true, {applied(catalog, 1), applied(catalog, 2), applied(catalog, 3)}});
    CHECK(full.current());
    CHECK(full.description() == "up to date (version 3)");
}

TEST_CASE("schema state: an edited file is 'changed', with both checksums") {
    auto catalog = three();
    auto record = applied(catalog, 2);
    record.checksum = "0123abcd";
    auto state = compare_schema(catalog, {true, {applied(catalog, 1), record}});
    CHECK(state.migrations[1].state == migration_state::changed);
    auto problems = state.problems();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0] == "0002_b was edited after it was applied: checksum 0123abcd in the database, " +
                             catalog.find(2)->checksum + " in 0002_b.up.sql");
}

TEST_CASE("schema state: a recorded version this binary lacks means the database is ahead") {
    auto catalog = three();
    migration_record ahead{9, "later", "feed", false, "2026-11-22T08:00:00.000Z", 1, {}, {}, {}};
    auto state = compare_schema(
        catalog, {true, {applied(catalog, 1), applied(catalog, 2), applied(catalog, 3), ahead}});
    CHECK(state.version == 9);
    CHECK(state.migrations.back().state == migration_state::unknown);
    CHECK(state.migrations.back().label() == "0009_later");
    CHECK(state.problems() ==
          std::vector<std::string>{"the database is ahead of this chatcost: 0009_later is applied "
                                   "there (checksum feed) but this binary has no such migration"});
    CHECK(state.description() == "1 unknown (version 9 of 3)");
}

TEST_CASE("schema state: a pending version below the highest recorded is out of order") {
    auto catalog = three();
    auto state = compare_schema(catalog, {true, {applied(catalog, 1), applied(catalog, 3)}});
    CHECK(state.migrations[1].out_of_order);
    auto problems = state.problems();
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].starts_with("0002_b (0002_b.up.sql, checksum " + catalog.find(2)->checksum +
                                  ") is pending"));
    CHECK(problems[0].ends_with("version 3 is already applied: out of order"));
}

TEST_CASE("schema state: a failed migration is a problem unless a retry is asked for") {
    auto catalog = three();
    auto failed = applied(catalog, 2);
    failed.failed = true;
    failed.failed_statement = 1;
    failed.sqlstate = "23505";
    failed.error = "could not create unique index";
    auto state = compare_schema(catalog, {true, {applied(catalog, 1), failed}});
    CHECK(state.version == 1);  // the highest applied, not the failed one
    CHECK(state.migrations[1].state == migration_state::failed);
    CHECK(state.migrations[1].detail() ==
          "failed at statement 1 (line 1 of 0002_b.up.sql): could not create unique index (SQLSTATE 23505)");
    CHECK(state.problems().size() == 1);
    CHECK(state.problems(true).empty());
    CHECK_FALSE(state.migrations[2].out_of_order);
}
