#include <doctest/doctest.h>

#include "migrations/partitioned_index.hpp"

using namespace chatcost::db;

namespace {

sql_statement only_statement(const char* sql) {
    auto split = split_sql(sql);
    REQUIRE(split.statements.size() == 1);
    return split.statements[0];
}

}  // namespace

TEST_CASE("partitioned index: a CREATE INDEX CONCURRENTLY taken apart and built on ONLY the parent") {
    auto index = parse_concurrent_index(
        only_statement("CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_chat_messages_cost_pending\n"
                       "    ON chat_messages (id)\n    WHERE total_cost_micros IS NULL;"));
    REQUIRE(index.has_value());
    CHECK_FALSE(index->unique);
    CHECK(index->name == "idx_chat_messages_cost_pending");
    CHECK(index->table == "chat_messages");
    CHECK(index->rest == "(id)\n    WHERE total_cost_micros IS NULL");
    CHECK(parent_index_statement(*index) ==
          "CREATE INDEX IF NOT EXISTS idx_chat_messages_cost_pending ON ONLY chat_messages (id)\n"
          "    WHERE total_cost_micros IS NULL");
    CHECK(partition_index_statement(*index, "p_idx", "chat_messages_2026_10", false) ==
          "CREATE INDEX CONCURRENTLY IF NOT EXISTS p_idx ON chat_messages_2026_10 (id)\n"
          "    WHERE total_cost_micros IS NULL");
    // A partition that is partitioned itself refuses CONCURRENTLY too: a plain build, which recurses.
    CHECK(partition_index_statement(*index, "p_idx", "sub", true) ==
          "CREATE INDEX IF NOT EXISTS p_idx ON sub (id)\n    WHERE total_cost_micros IS NULL");
    CHECK(attach_index_statement(*index, "public.p_idx") ==
          "ALTER INDEX idx_chat_messages_cost_pending ATTACH PARTITION public.p_idx");
}

TEST_CASE("partitioned index: unique, qualified and quoted names and a method are kept as written") {
    auto index = parse_concurrent_index(only_statement(
        "create unique index concurrently \"Idx\" on ONLY app.\"Messages\" using btree (a, b)"));
    REQUIRE(index.has_value());
    CHECK(index->unique);
    CHECK(index->name == "\"Idx\"");
    CHECK(index->table == "app.\"Messages\"");
    CHECK(index->rest == "using btree (a, b)");
    CHECK(parent_index_statement(*index) ==
          "CREATE UNIQUE INDEX IF NOT EXISTS \"Idx\" ON ONLY app.\"Messages\" using btree (a, b)");
}

TEST_CASE("partitioned index: other statements are not taken") {
    CHECK_FALSE(parse_concurrent_index(only_statement("CREATE INDEX idx ON t (a)")).has_value());
    CHECK_FALSE(parse_concurrent_index(only_statement("CREATE INDEX CONCURRENTLY ON t (a)")).has_value());
    CHECK_FALSE(parse_concurrent_index(only_statement("DROP INDEX CONCURRENTLY idx")).has_value());
    CHECK_FALSE(parse_concurrent_index(only_statement("CREATE INDEX CONCURRENTLY idx ON t")).has_value());
    CHECK_FALSE(parse_concurrent_index(only_statement("ALTER TABLE t ADD COLUMN c bigint")).has_value());
}
