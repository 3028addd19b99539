#include <doctest/doctest.h>

#include "migrations/sql_splitter.hpp"

using namespace chatcost::db;

TEST_CASE("splitter: statements at top-level semicolons, with their first line") {
    auto split = split_sql(
        "-- chatcost:no-transaction\n"
        "CREATE TABLE t (a text DEFAULT ';');\n"
        "\n"
        "  /* lead */ CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\n"
        ";;\n"
        "INSERT INTO t VALUES (E'\\';')\n");
    CHECK_FALSE(split.error.has_value());
    REQUIRE(split.statements.size() == 3);
    CHECK(split.statements[0].text == "CREATE TABLE t (a text DEFAULT ';')");
    CHECK(split.statements[0].line == 2);
    CHECK(split.statements[1].text == "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$");
    CHECK(split.statements[1].line == 4);
    CHECK(split.statements[2].text == "INSERT INTO t VALUES (E'\\';')");  // no ';' needed at the end
    CHECK(split.statements[2].line == 6);
    CHECK(split.statements[2].tokens.front().is("INSERT"));
}

TEST_CASE("splitter: comments inside a statement are kept, around it dropped") {
    auto split = split_sql("/* a */ SELECT 1 -- one\n + 2; -- trailing\n");
    REQUIRE(split.statements.size() == 1);
    CHECK(split.statements[0].text == "SELECT 1 -- one\n + 2");
}

TEST_CASE("splitter: empty input and comment-only input have no statements") {
    CHECK(split_sql("").statements.empty());
    CHECK(split_sql("-- nothing to undo\n/* really */\n").statements.empty());
}

TEST_CASE("splitter: a lexical error keeps the complete statements before it") {
    auto split = split_sql("SELECT 1;\nSELECT 'x;\n");
    REQUIRE(split.error.has_value());
    CHECK(split.error->line == 2);
    REQUIRE(split.statements.size() == 1);
    CHECK(split.statements[0].text == "SELECT 1");
}

TEST_CASE("splitter: CRLF line ends count as one line") {
    auto split = split_sql("SELECT 1;\r\n\r\nSELECT 2;\r\n");
    REQUIRE(split.statements.size() == 2);
    CHECK(split.statements[1].line == 3);
}
