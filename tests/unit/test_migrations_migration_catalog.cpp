#include <doctest/doctest.h>

#include <string>

#include "migrations/migration_catalog.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;

namespace {

std::string rejection(const std::vector<source_file>& files) {
    try {
        build_catalog(files, exit_code::invalid_input);
        return "";
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::invalid_input);
        return error.what();
    }
}

}  // namespace

TEST_CASE("catalog: files pair up by version, in order, with statements and the marker") {
    auto catalog = build_catalog(
        {{"m/0002_b.up.sql", "-- chatcost:no-transaction\r\nCREATE INDEX CONCURRENTLY x ON t (a);"},
         {"m/0002_b.down.sql", "DROP INDEX x;"},
         {"m/0001_a.down.sql", "DROP TABLE t;"},
         {"m/0001_a.up.sql", "CREATE TABLE t (a bigint);\nSELECT 1;"}},
        exit_code::internal);
    REQUIRE(catalog.migrations.size() == 2);
    const auto& a = catalog.migrations[0];
    CHECK(a.version == 1);
    CHECK(a.name == "a");
    CHECK(a.label() == "0001_a");
    CHECK(a.up.path == "m/0001_a.up.sql");
    CHECK(a.up.transactional);
    CHECK(a.up.statements.size() == 2);
    CHECK(a.down.statements.size() == 1);
    CHECK_FALSE(catalog.migrations[1].up.transactional);
    CHECK(catalog.migrations[1].down.transactional);
    CHECK(catalog.latest_version() == 2);
    CHECK(catalog.find(2) == &catalog.migrations[1]);
    CHECK(catalog.find(3) == nullptr);
}

TEST_CASE("catalog: the checksum ignores line endings, not content") {
    CHECK(migration_checksum("a\r\nb\rc\n") == migration_checksum("a\nb\nc\n"));
    CHECK(migration_checksum("a\nb\n") != migration_checksum("a\nb \n"));
    // sha256 of "SELECT 1;\n", from `printf 'SELECT 1;\n' | sha256sum`.
    CHECK(migration_checksum("SELECT 1;\r\n") ==
          "b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
}

TEST_CASE("catalog: the no-transaction marker must be the first line") {
    CHECK(has_no_transaction_marker("-- chatcost:no-transaction\nCREATE ..."));
    CHECK(has_no_transaction_marker("-- chatcost:no-transaction  \r\n"));
    CHECK_FALSE(has_no_transaction_marker("\n-- chatcost:no-transaction\n"));
    CHECK_FALSE(has_no_transaction_marker("-- chatcost:no-transactions\n"));
}

TEST_CASE("catalog: every problem is listed in one failure") {
    auto message = rejection({{"d/0001_a.up.sql", "SELECT 1;"},
                              {"d/0002_b.up.sql", "SELECT 1;"},
                              {"d/0003_c.down.sql", "SELECT 1;"},
                              {"d/0001_other.down.sql", "SELECT 1;"},
                              {"d/4_bad.up.sql", "SELECT 1;"},
                              {"d/0000_zero.up.sql", "SELECT 1;"},
                              {"d/0005_Camel.up.sql", "SELECT 1;"},
                              {"d/0006_e.up.sql", "SELECT 'open;"},
                              {"d/0006_e.down.sql", "SELECT 1;"},
                              {"d/0007_empty.up.sql", "-- nothing\n"},
                              {"d/0007_empty.down.sql", ""}});
    CHECK(message.starts_with("invalid migrations (10 problems):"));
    for (auto expected :
         {"d/0001_other.down.sql: version 0001 is already 0001_a",
          "d/4_bad.up.sql: not named NNNN_snake_name.up.sql or .down.sql", "d/0000_zero.up.sql: not named",
          "d/0005_Camel.up.sql: not named", "d/0001_a.up.sql: has no matching .down.sql file",
          "d/0002_b.up.sql: has no matching .down.sql file",
          "d/0003_c.down.sql: has no matching .up.sql file", "d/0006_e.up.sql:1: unterminated quoted string",
          "d/0006_e.up.sql: has no statements", "d/0007_empty.up.sql: has no statements"}) {
        CHECK_MESSAGE(message.find(expected) != std::string::npos, expected);
    }
}

TEST_CASE("catalog: the embedded migrations are valid, start at 0001 and each has its down") {
    const auto& catalog = embedded_migrations();
    REQUIRE(catalog.migrations.size() >= 6);
    CHECK(catalog.migrations.front().label() == "0001_schema_migrations");
    for (const auto& m : catalog.migrations) {
        CHECK(m.up.path == "sql/migrations/" + m.label() + ".up.sql");
        CHECK(m.down.path == "sql/migrations/" + m.label() + ".down.sql");
        CHECK(m.checksum.size() == 64);
    }
    CHECK_FALSE(catalog.find(5)->up.transactional);  // the chat_messages indexes: CONCURRENTLY
    CHECK_FALSE(catalog.find(5)->down.transactional);
    CHECK(embedded_migration_files().size() == 2 * catalog.migrations.size());
}
