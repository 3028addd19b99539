#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "migrations/migration_catalog.hpp"
#include "migrations/migration_lint.hpp"

using namespace chatcost::db;

namespace {

// "line:rule" for each finding, to compare at a glance.
std::vector<std::string> lint(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& f : lint_migration("m.sql", text)) out.push_back(std::to_string(f.line) + ":" + f.rule);
    return out;
}

using list = std::vector<std::string>;
constexpr std::string_view no_tx = "-- chatcost:no-transaction\n";

}  // namespace

TEST_CASE("lint: index-without-concurrently on an existing table, not on a new one") {
    CHECK(lint("CREATE INDEX IF NOT EXISTS i ON chat_messages (role);") ==
          list{"1:index-without-concurrently"});
    CHECK(lint("\nDROP INDEX IF EXISTS i;") == list{"2:index-without-concurrently"});
    CHECK(lint(std::string(no_tx) + "CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON chat_messages (role);")
              .empty());
    CHECK(lint("CREATE TABLE t (a bigint);\nCREATE UNIQUE INDEX IF NOT EXISTS i ON public.t (a);").empty());
    CHECK(lint("CREATE TABLE t (a bigint);\nCREATE INDEX IF NOT EXISTS i ON t (a);\nDROP INDEX IF EXISTS i;")
              .empty());
}

TEST_CASE("lint: concurrently-in-transaction without the marker on the first line") {
    CHECK(lint("CREATE INDEX CONCURRENTLY IF NOT EXISTS i ON t (a);") ==
          list{"1:concurrently-in-transaction"});
    CHECK(lint("\n-- chatcost:no-transaction\nDROP INDEX CONCURRENTLY IF EXISTS i;") ==
          list{"3:concurrently-in-transaction"});
    CHECK(lint("REFRESH MATERIALIZED VIEW CONCURRENTLY v;").empty());
}

TEST_CASE("lint: update-or-delete, but not ON DELETE, FOR UPDATE or a trigger's events") {
    CHECK(lint("UPDATE chat_messages SET total_cost_micros = 0;") == list{"1:update-or-delete"});
    CHECK(lint("WITH x AS (SELECT 1)\nDELETE FROM ONLY t USING x;") == list{"2:update-or-delete"});
    CHECK(lint("update t as m\n  set a = 1 where m.b = 2;") == list{"1:update-or-delete"});
    CHECK(lint("CREATE TABLE t (a uuid REFERENCES u (id) ON DELETE CASCADE ON UPDATE SET NULL);").empty());
    CHECK(lint("SELECT * FROM t FOR UPDATE; SELECT 'UPDATE t SET a = 1'; GRANT UPDATE ON t TO r;").empty());
}

TEST_CASE("lint: ddl-and-dml-same-table in one transaction, once per table") {
    CHECK(lint("ALTER TABLE chat_messages ADD COLUMN IF NOT EXISTS x bigint;\nINSERT INTO chat_messages "
               "(chat_id) "
               "VALUES (NULL);\nINSERT INTO chat_messages (chat_id) VALUES (NULL);") ==
          list{"2:ddl-and-dml-same-table"});
    CHECK(lint("INSERT INTO prices VALUES (1);\nCREATE INDEX IF NOT EXISTS i ON prices (a);") ==
          list{"2:index-without-concurrently", "2:ddl-and-dml-same-table"});
    CHECK(lint("CREATE TABLE t (a bigint);\nINSERT INTO t VALUES (1);").empty());  // a new table
    CHECK(lint("ALTER TABLE a ADD COLUMN IF NOT EXISTS x bigint;\nINSERT INTO b VALUES (1);").empty());
    CHECK(lint(std::string(no_tx) +
               "ALTER TABLE a ADD COLUMN IF NOT EXISTS x bigint;\nINSERT INTO a VALUES (1);")
              .empty());
}

TEST_CASE("lint: volatile-default when adding a column to an existing table") {
    CHECK(lint("ALTER TABLE users ADD COLUMN IF NOT EXISTS token uuid NOT NULL DEFAULT gen_random_uuid();") ==
          list{"1:volatile-default"});
    CHECK(lint("ALTER TABLE t ADD COLUMN IF NOT EXISTS at timestamptz DEFAULT clock_timestamp(),\n"
               "  ADD COLUMN IF NOT EXISTS n bigserial;") ==
          list{"1:volatile-default", "2:volatile-default"});
    CHECK(lint("ALTER TABLE t ADD COLUMN IF NOT EXISTS n bigint GENERATED ALWAYS AS IDENTITY;") ==
          list{"1:volatile-default"});
    CHECK(lint("ALTER TABLE t ADD COLUMN IF NOT EXISTS at timestamptz NOT NULL DEFAULT now();").empty());
    CHECK(lint("ALTER TABLE t ADD COLUMN IF NOT EXISTS token uuid;\nALTER TABLE t ALTER COLUMN token SET "
               "DEFAULT "
               "gen_random_uuid();")
              .empty());
    CHECK(
        lint("CREATE TABLE t (id uuid DEFAULT gen_random_uuid());\nALTER TABLE t ADD COLUMN IF NOT EXISTS r "
             "float8 DEFAULT random();")
            .empty());
}

TEST_CASE("lint: int-not-bigint for column types, not for casts") {
    CHECK(lint("CREATE TABLE t (\n  a integer,\n  b int4 NOT NULL,\n  c serial\n);") ==
          list{"2:int-not-bigint", "3:int-not-bigint", "4:int-not-bigint"});
    CHECK(lint("ALTER TABLE t ALTER COLUMN a TYPE int;") == list{"1:int-not-bigint"});
    CHECK(lint("CREATE TABLE t (a bigint CHECK (a::int > 0), b bigint DEFAULT CAST(1 AS integer));").empty());
    CHECK(lint("SELECT 1::int;").empty());
}

TEST_CASE("lint: missing-if-exists on index and column changes") {
    CHECK(lint(std::string(no_tx) + "CREATE INDEX CONCURRENTLY i ON t (a);\nDROP INDEX CONCURRENTLY i;") ==
          list{"2:missing-if-exists", "3:missing-if-exists"});
    CHECK(lint("ALTER TABLE t ADD COLUMN a bigint,\n ADD b bigint,\n DROP COLUMN c,\n DROP d;") ==
          list{"1:missing-if-exists", "2:missing-if-exists", "3:missing-if-exists", "4:missing-if-exists"});
    CHECK(lint("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0), ADD PRIMARY KEY (a), DROP CONSTRAINT d;")
              .empty());
    CHECK(lint("ALTER TABLE t ADD IF NOT EXISTS a bigint, DROP IF EXISTS b, ALTER COLUMN e DROP DEFAULT;")
              .empty());
}

TEST_CASE("lint: an unterminated quote is a syntax finding") {
    CHECK(lint("SELECT 1;\nSELECT 'open") == list{"2:syntax"});
}

TEST_CASE("lint: a comment naming the rule allows a deliberate finding") {
    CHECK(
        lint("CREATE TABLE t (\n  pid integer  -- chatcost:lint-allow int-not-bigint (a PostgreSQL pid)\n);")
            .empty());
    CHECK(lint("CREATE TABLE t (\n  -- chatcost:lint-allow int-not-bigint\n  pid integer\n);").empty());
    CHECK(lint("CREATE TABLE t (\n  pid integer  -- chatcost:lint-allow int-not-bigint-ish\n);") ==
          list{"2:int-not-bigint"});
    CHECK(lint("-- chatcost:lint-allow update-or-delete\n\nUPDATE t SET a = 1;") ==
          list{"3:update-or-delete"});
}

TEST_CASE("lint: findings print as file:line: rule-id: message") {
    auto findings = lint_migration("sql/migrations/0009_x.up.sql", "\n\nUPDATE t SET a = 1;");
    REQUIRE(findings.size() == 1);
    CHECK(format_finding(findings[0])
              .starts_with("sql/migrations/0009_x.up.sql:3: update-or-delete: UPDATE in a "
                           "migration"));
}

TEST_CASE("lint: the embedded migrations pass their own lint") {
    for (const auto& file : embedded_migration_files()) {
        for (const auto& finding : lint_migration(file.path, file.text)) FAIL_CHECK(format_finding(finding));
    }
}
