#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include "migrations/catalog_snapshot.hpp"
#include "migration_test_support.hpp"

using namespace chatcost::db;
using namespace chatcost::testing;

namespace {

catalog_snapshot snapshot_of(const std::string& url) {
    pqxx::connection c(url);
    pqxx::read_transaction tx(c);
    return take_catalog_snapshot(tx);
}

}  // namespace

TEST_CASE("catalog snapshot: tables, columns, defaults, constraints, indexes") {
    auto url = fresh_database("catalog_snapshot");
    CHECK(snapshot_of(url).objects.size() == 1);  // the public schema
    run_sql(url,
            "CREATE TABLE t (id bigint PRIMARY KEY, name text NOT NULL DEFAULT '', n bigint CHECK (n >= 0));"
            "CREATE INDEX t_name ON t (name)");
    auto snapshot = snapshot_of(url);
    CHECK(snapshot.objects.at({"relation", "public.t"}) == "table");
    CHECK(snapshot.objects.at({"column", "public.t.name"}) == "text NOT NULL DEFAULT ''::text");
    CHECK(snapshot.objects.at({"column", "public.t.n"}) == "bigint");
    CHECK(snapshot.objects.at({"constraint", "public.t.t_n_check"}) == "CHECK ((n >= 0))");
    CHECK(snapshot.objects.at({"constraint", "public.t.t_pkey"}) == "PRIMARY KEY (id)");
    CHECK(snapshot.objects.at({"index", "public.t_name"}) ==
          "CREATE INDEX t_name ON public.t USING btree (name)");
    CHECK(compare_catalogs(snapshot, snapshot_of(url)).empty());
}

TEST_CASE("catalog snapshot: differences name the object, what was expected and what is there") {
    auto url = fresh_database("catalog_snapshot_diff");
    run_sql(url, "CREATE TABLE t (a bigint DEFAULT 1, b text)");
    auto before = snapshot_of(url);
    run_sql(url, "ALTER TABLE t ALTER COLUMN a SET DEFAULT 2, DROP COLUMN b, ADD COLUMN c bigint");
    auto differences = compare_catalogs(before, snapshot_of(url));
    REQUIRE(differences.size() == 3);
    CHECK(differences[0].object == "public.t.a");
    CHECK(differences[0].expected == "bigint DEFAULT 1");
    CHECK(differences[0].actual == "bigint DEFAULT 2");
    CHECK(differences[1].object == "public.t.b");
    CHECK(differences[1].expected == "text");
    CHECK_FALSE(differences[1].actual.has_value());
    CHECK(differences[2].object == "public.t.c");
    CHECK_FALSE(differences[2].expected.has_value());
}
