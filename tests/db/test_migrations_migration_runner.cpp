#include <doctest/doctest.h>

#include <thread>

#include <pqxx/pqxx>

#include "migrations/migration_runner.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using namespace chatcost::testing;
using namespace std::chrono_literals;

namespace {

schema_state state_of(pqxx::connection& c, const migration_catalog& catalog) {
    pqxx::read_transaction tx(c);
    return read_schema_state(tx, catalog);
}

// Applies every pending migration of `catalog` up to `to`.
void up_to(pqxx::connection& c, const migration_catalog& catalog, std::int64_t to, lock_policy policy = {}) {
    migration_runner runner(c, policy, ignore_note);
    for (const auto& step : plan_up(state_of(c, catalog), to, false)) runner.run(step);
}

}  // namespace

TEST_CASE("runner: the connection gets the lock_timeout and no statement_timeout") {
    auto url = fresh_database("runner_settings");
    pqxx::connection c(url);
    migration_runner runner(c, {1234ms, 2, {}}, ignore_note);
    pqxx::nontransaction tx(c);
    CHECK(tx.exec1("SELECT current_setting('lock_timeout')")[0].as<std::string>() == "1234ms");
    CHECK(tx.exec1("SELECT current_setting('statement_timeout')")[0].as<std::string>() == "0");
}

TEST_CASE("runner: a lock not granted within lock_timeout is retried with backoff, then fails clearly") {
    auto url = fresh_database("runner_lock_retry");
    const auto& catalog = embedded_migrations();
    pqxx::connection c(url);
    up_to(c, catalog, 3);  // chat_messages exists; 0004 adds its cost column

    pqxx::connection app(url);
    pqxx::work holding(app);
    holding.exec("LOCK TABLE chat_messages IN ACCESS SHARE MODE");  // a long read, as the application does
    lock_policy quick{100ms, 3, {50ms, 100ms}};
    std::vector<std::string> notes;
    migration_runner runner(c, quick, [&](const std::string& n) { notes.push_back(n); });
    auto steps = plan_up(state_of(c, catalog), 4, false);
    REQUIRE(steps.size() == 1);
    auto start = std::chrono::steady_clock::now();
    try {
        runner.run(steps[0]);
        FAIL("the lock is held");
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::database);
        std::string what = error.what();
        CHECK(what.find("0004_chat_messages_total_cost") != std::string::npos);
        CHECK(what.find("failed at statement 1 of 1") != std::string::npos);
        CHECK(what.find("its lock was not granted within 100ms in 3 tries") != std::string::npos);
        CHECK(what.find("SQLSTATE 55P03") != std::string::npos);
        CHECK(error.next_step().find("pg_locks") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);  // three waits of 100 ms, plus the pauses
    CHECK(std::count_if(notes.begin(), notes.end(),
                        [](const auto& n) { return n.find("retry") != std::string::npos; }) == 2);
    CHECK(scalar(url, "SELECT count(*) FROM chatcost_schema_migrations WHERE version = 4") == 0);

    // The application's transaction ends during the retries: the migration goes through.
    std::thread finish([&] {
        std::this_thread::sleep_for(250ms);
        holding.commit();
    });
    migration_runner patient(c, {100ms, 10, {50ms, 100ms}}, ignore_note);
    auto result = patient.run(steps[0]);
    finish.join();
    CHECK(result.attempts > 1);
    CHECK(scalar(url,
                 "SELECT count(*) FROM chatcost_schema_migrations WHERE version = 4 AND state = 'applied'") ==
          1);
}

TEST_CASE(
    "runner: a no-transaction migration failing part-way is recorded; a retry drops the INVALID index") {
    auto url = fresh_database("runner_part_way");
    auto catalog =
        catalog_with({{"x/9001_indexes.up.sql",
                       "-- chatcost:no-transaction\n"
                       "CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_fixture_role ON chat_messages (role);\n"
                       "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_fixture_one_per_chat\n"
                       "    ON chat_messages (chat_id);"},
                      {"x/9001_indexes.down.sql",
                       "-- chatcost:no-transaction\n"
                       "DROP INDEX CONCURRENTLY IF EXISTS idx_fixture_one_per_chat;\n"
                       "DROP INDEX CONCURRENTLY IF EXISTS idx_fixture_role;"}});
    pqxx::connection c(url);
    up_to(c, catalog, *embedded_migrations().latest_version());
    run_sql(
        url,
        "INSERT INTO users (username) VALUES ('ana');"
        "INSERT INTO chats (owner_id) SELECT id FROM users;"
        "INSERT INTO chat_messages (chat_id, role) SELECT id, r FROM chats, (VALUES ('user'), ('assistant')) "
        "AS v (r)");
    migration_runner runner(c, {}, ignore_note);
    auto steps = plan_up(state_of(c, catalog), std::nullopt, false);
    REQUIRE(steps.size() == 1);
    try {
        runner.run(steps[0]);
        FAIL("duplicate chat_id values");
    } catch (const failure& error) {
        CHECK(std::string(error.what()).find("failed at statement 2 of 2 (line 3)") != std::string::npos);
        CHECK(std::string(error.what()).find("SQLSTATE 23505") != std::string::npos);
        CHECK(error.next_step().starts_with(
            "statements 1 to 1 took effect; 9001_indexes is recorded as failed"));
    }
    CHECK(scalar(url,
                 "SELECT count(*) FROM chatcost_schema_migrations WHERE version = 9001 AND state = 'failed' "
                 "AND failed_statement = 2 AND sqlstate = '23505'") == 1);
    CHECK(scalar(url,
                 "SELECT count(*) FROM pg_index WHERE indexrelid = 'idx_fixture_one_per_chat'::regclass "
                 "AND NOT indisvalid") == 1);
    auto state = state_of(c, catalog);
    CHECK(state.migrations.back().state == migration_state::failed);
    CHECK_THROWS_AS(plan_up(state, std::nullopt, false), failure);

    // Fixed data, then --retry-failed: the INVALID index is dropped and built again, valid.
    run_sql(url, "DELETE FROM chat_messages WHERE role = 'user'");
    std::vector<std::string> notes;
    migration_runner retry(c, {}, [&](const std::string& n) { notes.push_back(n); });
    for (const auto& step : plan_up(state_of(c, catalog), std::nullopt, true)) retry.run(step);
    CHECK(std::any_of(notes.begin(), notes.end(), [](const auto& n) {
        return n.find("dropping INVALID index idx_fixture_one_per_chat") != std::string::npos;
    }));
    CHECK(scalar(url,
                 "SELECT count(*) FROM pg_index WHERE indexrelid = 'idx_fixture_one_per_chat'::regclass "
                 "AND indisvalid") == 1);
    CHECK(scalar(url,
                 "SELECT count(*) FROM chatcost_schema_migrations WHERE version = 9001 AND state = 'applied' "
                 "AND failed_statement IS NULL") == 1);
    CHECK(state_of(c, catalog).current());
}
