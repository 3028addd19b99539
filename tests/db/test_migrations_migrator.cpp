#include <doctest/doctest.h>

#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/advisory_lock.hpp"
#include "migrations/catalog_snapshot.hpp"
#include "migrations/migrator.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using namespace chatcost::testing;

namespace {

migrate_request up_request(std::chrono::milliseconds wait = {}) {
    return {[](const schema_state& s) { return plan_up(s, std::nullopt, false); }, {}, wait, false};
}

migrate_request down_all_request() {
    return {[](const schema_state& s) { return plan_down(s, 0, std::nullopt); }, {}, {}, false};
}

catalog_snapshot snapshot_of(const std::string& url) {
    pqxx::connection c(url);
    pqxx::read_transaction tx(c);
    return take_catalog_snapshot(tx);
}

}  // namespace

TEST_CASE("migrator: fresh up, down to zero, up again") {
    auto url = fresh_database("migrator_round_trip");
    const auto& catalog = embedded_migrations();
    const auto count = std::int64_t(catalog.migrations.size());
    session s(settings_for(url), no_env, ignore_note, ignore_note);
    auto empty = snapshot_of(url);

    auto first = migrate(s, catalog, up_request(), ignore_note);
    CHECK(std::int64_t(first.done.size()) == count);
    CHECK(first.after.current());
    CHECK(first.after.version == catalog.latest_version());
    CHECK(scalar(url, "SELECT count(*) FROM chatcost_schema_migrations WHERE state = 'applied'") == count);
    CHECK(scalar(url, "SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_chat_messages_created_at'") ==
          1);
    // The cost column exists, nullable and without a default: adding it rewrote nothing.
    CHECK(scalar(url,
                 "SELECT count(*) FROM information_schema.columns WHERE table_name = 'chat_messages' AND "
                 "column_name = 'total_cost_micros' AND is_nullable = 'YES' AND column_default IS NULL") ==
          1);
    auto after_first = snapshot_of(url);

    auto again = migrate(s, catalog, up_request(), ignore_note);
    CHECK(again.done.empty());

    auto down = migrate(s, catalog, down_all_request(), ignore_note);
    CHECK(std::int64_t(down.done.size()) == count);
    CHECK(down.done.front().step.m->version == catalog.latest_version());
    CHECK_FALSE(down.after.migrated);
    CHECK(compare_catalogs(empty, snapshot_of(url)).empty());

    migrate(s, catalog, up_request(), ignore_note);
    CHECK(compare_catalogs(after_first, snapshot_of(url)).empty());
}

TEST_CASE("migrator: a failing migration leaves neither schema changes nor a bookkeeping row") {
    auto url = fresh_database("migrator_failing");
    auto catalog = catalog_with({{"x/9001_fails.up.sql",
                                  "CREATE TABLE chat_tags (tag text NOT NULL);\n"
                                  "CREATE INDEX IF NOT EXISTS i ON chat_tags (nope);"},
                                 {"x/9001_fails.down.sql", "DROP TABLE chat_tags;"}});
    session s(settings_for(url), no_env, ignore_note, ignore_note);
    try {
        migrate(s, catalog, up_request(), ignore_note);
        FAIL("the migration should have failed");
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::database);
        CHECK(std::string(error.what())
                  .starts_with("9001_fails (x/9001_fails.up.sql) failed at statement 2 of 2 "
                               "(line 2): column \"nope\" does not exist (SQLSTATE 42703)"));
        CHECK(error.next_step().starts_with("nothing of 9001_fails was applied"));
    }
    CHECK_FALSE(table_exists(url, "chat_tags"));
    CHECK(scalar(url, "SELECT count(*) FROM chatcost_schema_migrations WHERE version = 9001") == 0);
    // Everything before it was applied and recorded.
    CHECK(scalar(url, "SELECT count(*) FROM chatcost_schema_migrations") ==
          std::int64_t(embedded_migrations().migrations.size()));
}

TEST_CASE(
    "migrator: a run that finds the lock held fails at once with exit 8; one that waits finds nothing to "
    "do") {
    auto url = fresh_database("migrator_lock");
    const auto& catalog = embedded_migrations();
    pqxx::connection holder(url);
    {
        pqxx::nontransaction tx(holder);
        tx.exec_params("SELECT pg_advisory_lock($1)", migrate_lock_key);
    }
    session s(settings_for(url), no_env, ignore_note, ignore_note);
    auto start = std::chrono::steady_clock::now();
    try {
        migrate(s, catalog, up_request(), ignore_note);
        FAIL("the lock is held");
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::locked);
        CHECK(std::string(error.what()).find(fmt::format("held by pid {}", holder.backendpid())) !=
              std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    CHECK(scalar(url, "SELECT (to_regclass('chatcost_schema_migrations') IS NULL)::int") == 1);

    // The holder migrates, then lets go; the waiting run then has nothing left to do.
    std::thread release([&] {
        session mine(settings_for(url), no_env, ignore_note, ignore_note);
        migration_runner runner(mine.connection(), {}, ignore_note);
        auto state = [&] {
            pqxx::read_transaction tx(mine.connection());
            return read_schema_state(tx, catalog);
        }();
        for (const auto& step : plan_up(state, std::nullopt, false)) runner.run(step);
        pqxx::nontransaction tx(holder);
        tx.exec_params("SELECT pg_advisory_unlock($1)", migrate_lock_key);
    });
    auto waited = migrate(s, catalog, up_request(std::chrono::seconds(30)), ignore_note);
    release.join();
    CHECK(waited.done.empty());
    CHECK(waited.after.current());

    // Nothing pending is a success whoever holds the lock: no wait, no exit 8.
    {
        pqxx::nontransaction tx(holder);
        tx.exec_params("SELECT pg_advisory_lock($1)", migrate_lock_key);
    }
    auto idle = migrate(s, catalog, up_request(), ignore_note);
    CHECK(idle.planned.empty());
    CHECK(idle.after.current());
}

TEST_CASE("migrator: a dry run plans without the lock and writes nothing") {
    auto url = fresh_database("migrator_dry_run");
    session s(settings_for(url), no_env, ignore_note, ignore_note);
    auto request = up_request();
    request.dry_run = true;
    auto result = migrate(s, embedded_migrations(), request, ignore_note);
    CHECK(result.planned.size() == embedded_migrations().migrations.size());
    CHECK(result.done.empty());
    CHECK_FALSE(table_exists(url, "chatcost_schema_migrations"));
}
