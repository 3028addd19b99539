#include <doctest/doctest.h>

#include <pqxx/pqxx>

#include "migrations/migration_verify.hpp"
#include "migration_test_support.hpp"

using namespace chatcost;
using namespace chatcost::db;
using namespace chatcost::testing;

namespace {

std::int64_t scratch_databases() {
    return scalar(server_url(), "SELECT count(*) FROM pg_database WHERE datname LIKE 'chatcost_verify_%'");
}

}  // namespace

TEST_CASE("verify: our migrations are reversible, and the scratch database is gone afterwards") {
    session s(settings_for(server_url()), no_env, ignore_note, ignore_note);
    auto result = verify_migrations(s, embedded_migrations(), {}, ignore_note);
    CHECK(result.findings.empty());
    CHECK(result.migrations == int(embedded_migrations().migrations.size()));
    CHECK(result.scratch_database.starts_with("chatcost_verify_"));
    CHECK(scratch_databases() == 0);
}

TEST_CASE("verify: a down migration that does not undo its up is found at its own step") {
    auto catalog = catalog_with({
        {"x/9001_widgets.up.sql", "CREATE TABLE widgets (id bigint PRIMARY KEY);"},
        {"x/9001_widgets.down.sql", "DROP TABLE widgets;"},
        {"x/9002_widget_price.up.sql", "ALTER TABLE widgets ADD COLUMN IF NOT EXISTS price_micros bigint;"},
        {"x/9002_widget_price.down.sql", "-- forgot to drop the column\n"},
    });
    session s(settings_for(server_url()), no_env, ignore_note, ignore_note);
    auto result = verify_migrations(s, catalog, {}, ignore_note);
    REQUIRE(result.findings.size() == 1);
    const auto& f = result.findings[0];
    CHECK(f.phase == "after 9002_widget_price down");
    CHECK(f.kind == "column");
    CHECK(f.object == "public.widgets.price_micros");
    CHECK_FALSE(f.expected.has_value());
    CHECK(f.actual == "bigint");
    CHECK(scratch_databases() == 0);
}

TEST_CASE("verify: a migration that fails in the scratch database is a finding; the database is dropped") {
    auto catalog = catalog_with({{"x/9001_bad.up.sql", "CREATE TABLE widgets (id bigint);"},
                                 {"x/9001_bad.down.sql", "DROP TABLE gadgets;"}});
    session s(settings_for(server_url()), no_env, ignore_note, ignore_note);
    auto result = verify_migrations(s, catalog, {}, ignore_note);
    REQUIRE(result.findings.size() == 1);
    CHECK(result.findings[0].phase == "down of 9001_bad");
    CHECK(result.findings[0].kind == "error");
    CHECK(result.findings[0].actual->find("table \"gadgets\" does not exist") != std::string::npos);
    CHECK(scratch_databases() == 0);
}
