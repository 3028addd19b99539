// The backfill's database pieces against a real PostgreSQL: price resolution from stored model
// configs (every form), the compare-and-set write of a batch, the run bookkeeping, the lock and
// the runner itself on a small table. The cli suite covers kills, concurrency and the oracle.

#include <doctest/doctest.h>

#include <chrono>
#include <csignal>
#include <set>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cost/price.hpp"
#include "backfill/backfill_lock.hpp"
#include "backfill/backfill_run_store.hpp"
#include "backfill/backfill_runner.hpp"
#include "db/embedded_sql.hpp"
#include "migrations/migration_plan.hpp"
#include "migrations/migration_runner.hpp"
#include "ledger/price_catalog.hpp"
#include "migrations/schema_state.hpp"
#include "db/sql_array.hpp"
#include "db_test_support.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"
#include "util/interrupt.hpp"

using namespace chatcost;
using namespace chatcost::db;
using chatcost::testing::migrated_database;
using namespace std::chrono_literals;

namespace {

std::string config_uuid(int n) {
    return fmt::format("00000000-0000-0000-0002-{:012}", n);
}

void exec(pqxx::connection& c, const std::string& sql) {
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

std::string scalar(pqxx::connection& c, const std::string& sql) {
    pqxx::nontransaction tx(c);
    auto field = tx.exec1(sql)[0];
    return field.is_null() ? "NULL" : field.c_str();
}

// One user, one chat, and the configs of every form.
void add_configs(pqxx::connection& c) {
    exec(c, fmt::format(R"(
INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000001', 'ana');
INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-0000-0001-000000000001', '00000000-0000-0000-0000-000000000001');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
 ('{}', 'anthropic', 'claude-sonnet-4', '{{"cost": {{"input_price_per_million_tokens": "3", "output_price_per_million_tokens": "15"}}}}'),
 ('{}', 'openai', 'gpt-4o-mini', '{{"input_price_per_million_tokens": 0.15, "output_price_per_million_tokens": 0.6}}'),
 ('{}', 'mistral', 'large', '{{"cost": {{"input_price_per_million_tokens": null}}, "input_price_per_million_tokens": "2", "output_price_per_million_tokens": 1.25e-1}}'),
 ('{}', 'openai', 'gpt-4.1', '{{"temperature": 0.2}}'),
 ('{}', 'google', 'gemini', '{{}}'),
 ('{}', 'broken', 'abc', '{{"cost": {{"input_price_per_million_tokens": "abc"}}}}');
INSERT INTO ai_model_prices (provider, model, input_price, output_price) VALUES ('openai', 'gpt-4.1', 2000000, NULL);
)",
                        config_uuid(1), config_uuid(2), config_uuid(3), config_uuid(4), config_uuid(5),
                        config_uuid(6)));
}

// A message of config n (0: none) with these tokens; returns its id.
std::int64_t add_message(pqxx::connection& c, int config, std::int64_t input, std::int64_t output,
                         const std::string& created_at = "2025-01-01") {
    pqxx::nontransaction tx(c);
    auto config_value = config ? "'" + config_uuid(config) + "'" : std::string("NULL");
    return tx
        .exec1(fmt::format(
            "INSERT INTO chat_messages (chat_id, model_config_id, role, input_tokens, output_tokens, "
            "created_at) VALUES ('00000000-0000-0000-0001-000000000001', {}, 'assistant', {}, {}, '{}') "
            "RETURNING id",
            config_value, input, output, created_at))[0]
        .as<std::int64_t>();
}

cost::price usd_per_million(std::string_view text) {
    return cost::parse_price(text).value();
}

}  // namespace

TEST_CASE("price_catalog: every stored form resolves as the engine says") {
    auto url = migrated_database("backfill_catalog");
    pqxx::connection c(url);
    add_configs(c);
    pqxx::nontransaction tx(c);
    auto catalog = price_catalog::load(tx);
    CHECK(catalog.size() == 6);

    const auto* nested = catalog.find(config_uuid(1));
    REQUIRE(nested);
    CHECK(nested->resolution.source == cost::price_source::config_nested);
    CHECK(nested->resolution.prices.input == usd_per_million("3"));
    CHECK(nested->resolution.prices.output == usd_per_million("15"));
    CHECK_FALSE(nested->resolution.prices.cache_read);

    const auto* legacy = catalog.find(config_uuid(2));
    CHECK(legacy->resolution.source == cost::price_source::config_legacy);
    CHECK(legacy->resolution.prices.input == usd_per_million("0.15"));  // a JSON number, exactly

    // A nested JSON null falls back to the legacy key; 1.25e-1 is stored by jsonb as 0.125.
    const auto* fallback = catalog.find(config_uuid(3));
    CHECK(fallback->resolution.source == cost::price_source::config_legacy);
    CHECK(fallback->resolution.prices.input == usd_per_million("2"));
    CHECK(fallback->resolution.prices.output == usd_per_million("0.125"));

    const auto* book = catalog.find(config_uuid(4));
    CHECK(book->resolution.source == cost::price_source::price_book);
    CHECK(book->resolution.source_key == "openai/gpt-4.1");
    CHECK(book->resolution.prices.input == usd_per_million("2"));
    CHECK_FALSE(book->resolution.prices.output);  // NULL in the book: unknown

    const auto* nothing = catalog.find(config_uuid(5));
    CHECK(nothing->resolution.source == cost::price_source::none);
    CHECK_FALSE(cost::has_any_price(nothing->resolution.prices));

    const auto* broken = catalog.find(config_uuid(6));
    CHECK(broken->resolution.status == cost::resolution_status::invalid);
    CHECK(broken->resolution.error.find(config_uuid(6)) != std::string::npos);
    CHECK(broken->resolution.error.find("\"abc\"") != std::string::npos);

    CHECK(catalog.find("00000000-0000-0000-0002-000000000099") == nullptr);
    auto one = price_catalog::load(tx, config_uuid(2));
    CHECK(one.size() == 1);
}

namespace {

// Four messages read and priced, then changed by the application before the batch is written:
// one untouched, one with new usage, one held locked in an open transaction, one priced by the
// application itself.
struct raced_batch {
    std::int64_t plain = 0, changed = 0, locked = 0, priced_meanwhile = 0;
    std::vector<std::int64_t> ids;
    std::vector<std::uint32_t> versions;
};

raced_batch race(pqxx::connection& c, pqxx::work& holding) {
    raced_batch b;
    b.plain = add_message(c, 1, 100, 10);
    b.changed = add_message(c, 1, 100, 10);
    b.locked = add_message(c, 1, 100, 10);
    b.priced_meanwhile = add_message(c, 1, 100, 10);
    b.ids = {b.plain, b.changed, b.locked, b.priced_meanwhile};
    for (auto id : b.ids) {
        b.versions.push_back(static_cast<std::uint32_t>(
            std::stoul(scalar(c, fmt::format("SELECT xmin::text FROM chat_messages WHERE id = {}", id)))));
    }
    exec(c, fmt::format("UPDATE chat_messages SET input_tokens = 999 WHERE id = {}", b.changed));
    exec(c, fmt::format("UPDATE chat_messages SET total_cost_micros = 77 WHERE id = {}", b.priced_meanwhile));
    holding.exec(fmt::format("SELECT 1 FROM chat_messages WHERE id = {} FOR UPDATE", b.locked));
    return b;
}

std::string write(pqxx::connection& c, const std::string& statement, const raced_batch& b) {
    pqxx::work tx(c);
    tx.exec("SELECT set_config('lock_timeout', '50ms', true)");
    std::vector<std::optional<std::int64_t>> old_costs(4), new_costs(4, 450), old_refs(4), new_refs(4);
    std::string skipped =
        tx.exec_params1(std::string(query(statement)), integer_array(b.ids), integer_array(b.versions),
                        integer_array(old_costs), integer_array(new_costs), b.ids.front(), b.ids.back(),
                        integer_array(old_refs), integer_array(new_refs))[0]
            .c_str();
    tx.commit();
    return skipped;
}

std::string cost_of(pqxx::connection& c, std::int64_t id) {
    return scalar(c, fmt::format("SELECT total_cost_micros FROM chat_messages WHERE id = {}", id));
}

}  // namespace

TEST_CASE(
    "backfill_write_batch_skip_locked: writes only the row version it priced, never waits for a row lock") {
    auto url = migrated_database("backfill_write_skip");
    pqxx::connection c(url);
    add_configs(c);
    pqxx::connection app(url);
    pqxx::work holding(app);
    auto b = race(c, holding);
    auto started = std::chrono::steady_clock::now();
    auto skipped = write(c, "backfill_write_batch_skip_locked", b);
    CHECK(std::chrono::steady_clock::now() - started < 1s);  // the 50 ms lock_timeout was not even reached
    CHECK(skipped == fmt::format("{{{},{},{}}}", b.changed, b.locked, b.priced_meanwhile));
    holding.abort();
    CHECK(cost_of(c, b.plain) == "450");
    CHECK(cost_of(c, b.changed) == "NULL");
    CHECK(cost_of(c, b.locked) == "NULL");
    CHECK(cost_of(c, b.priced_meanwhile) == "77");
}

TEST_CASE("backfill_write_batch: the plain write waits at most its lock_timeout, then fails whole") {
    auto url = migrated_database("backfill_write_plain");
    pqxx::connection c(url);
    add_configs(c);
    pqxx::connection app(url);
    pqxx::work holding(app);
    auto b = race(c, holding);
    auto started = std::chrono::steady_clock::now();
    try {
        write(c, "backfill_write_batch", b);
        FAIL("the write did not wait for the locked row");
    } catch (const pqxx::sql_error& error) {
        CHECK(error.sqlstate() == "55P03");  // lock_not_available
    }
    CHECK(std::chrono::steady_clock::now() - started < 1s);
    CHECK(cost_of(c, b.plain) == "NULL");  // rolled back whole
    holding.abort();
    // Once the application lets go, the plain write writes what it priced and skips what changed.
    CHECK(write(c, "backfill_write_batch", b) == fmt::format("{{{},{}}}", b.changed, b.priced_meanwhile));
    CHECK(cost_of(c, b.plain) == "450");
    CHECK(cost_of(c, b.locked) == "450");
    CHECK(cost_of(c, b.changed) == "NULL");
    CHECK(cost_of(c, b.priced_meanwhile) == "77");
}

TEST_CASE("backfill_run_store: a run is resumed with the same options, superseded by others") {
    auto url = migrated_database("backfill_runs");
    pqxx::connection c(url);
    backfill_scope scope{backfill_mode::backfill, std::nullopt, std::nullopt};
    auto first = open_backfill_run(c, scope, {1, 1000});
    CHECK_FALSE(first.resumed);
    CHECK(first.cursor_id == 0);

    backfill_tally batch;
    batch.rows_scanned = 500;
    batch.rows_priced = 400;
    batch.rows_written = 400;
    batch.unpriced(cost::unpriced_reason::no_prices) = 100;
    batch.batches = 1;
    batch.by_model[{"openai", "gpt-4o"}] = {400, 400, 0, 123456};
    batch.problems[{config_uuid(6), "config"}] = {3, 17, "config x: \"abc\""};
    {
        pqxx::work tx(c);
        record_backfill_batch(tx, first.id, 500, batch, 42);
        tx.commit();
    }
    {
        pqxx::work tx(c);  // rolled back: neither its rows nor its cursor count
        record_backfill_batch(tx, first.id, 900, batch, 42);
        tx.abort();
    }
    auto again = open_backfill_run(c, scope, {1, 1200});
    CHECK(again.resumed);
    CHECK(again.id == first.id);
    CHECK(again.cursor_id == 500);
    CHECK(again.ids.last_id == 1200);  // extended to messages added since
    CHECK(again.tally.rows_scanned == 500);
    CHECK(again.tally.unpriced(cost::unpriced_reason::no_prices) == 100);
    CHECK(again.tally.by_model.at({"openai", "gpt-4o"}).new_cost == 123456);
    CHECK(again.tally.problems.at({config_uuid(6), "config"}).reason == "config x: \"abc\"");
    CHECK(again.longest_batch_ms == 42);

    backfill_scope other{backfill_mode::recompute, std::string("2025-01-01T00:00:00Z"), std::nullopt};
    auto second = open_backfill_run(c, other, {1, 1200});
    CHECK_FALSE(second.resumed);
    CHECK(second.id != first.id);
    finish_backfill_run(c, second.id, true, 5);
    pqxx::nontransaction tx(c);
    auto runs = recent_backfill_runs(tx, 10);
    REQUIRE(runs.size() == 2);
    CHECK(runs[0].state == "completed");
    CHECK(runs[0].since == "2025-01-01T00:00:00Z");
    CHECK(runs[1].state == "superseded");
    CHECK(runs[1].cursor_id == 500);
}

TEST_CASE("backfill_runner: prices a table, dry run writes nothing, one run at a time, interruptible") {
    auto url = migrated_database("backfill_runner");
    pqxx::connection c(url);
    add_configs(c);
    auto sonnet = add_message(c, 1, 1000, 100);  // 3000 + 1500
    auto mini = add_message(c, 2, 1, 1);         // 0.15 + 0.6 -> 1
    auto none = add_message(c, 0, 5, 5);         // no config
    auto broken = add_message(c, 6, 5, 5);       // "abc"
    auto late = add_message(c, 1, 1, 0, "2026-01-01");
    interrupt_guard interrupts;

    backfill_settings dry;
    dry.dry_run = true;
    auto preview = backfill_runner(c, dry, interrupts).run();
    CHECK(preview.completed);
    CHECK(preview.run.rows_written == 3);
    CHECK(scalar(c, "SELECT count(total_cost_micros) FROM chat_messages") == "0");
    CHECK(scalar(c, "SELECT count(*) FROM chatcost_backfill_runs") == "0");

    backfill_settings only_2025;
    only_2025.scope.until = "2025-12-31T00:00:00Z";
    std::vector<std::int64_t> batch_rows;
    backfill_observers observers;
    observers.on_batch = [&](const batch_progress& p) { batch_rows.push_back(p.rows); };
    only_2025.fixed_batch_size = 2;
    pqxx::connection reader(url);  // reads each next batch while one is written
    auto outcome = backfill_runner(c, only_2025, interrupts, observers, &reader).run();
    CHECK(outcome.completed);
    CHECK(outcome.run.rows_scanned == 4);
    CHECK(outcome.run.rows_written == 2);
    CHECK(outcome.run.unpriced(cost::unpriced_reason::no_model_config) == 1);
    CHECK(outcome.run.rows_invalid == 1);
    CHECK(outcome.run.problems.at({config_uuid(6), "config"}).first_message_id == broken);
    CHECK(outcome.known_problems.empty());  // no completed run before: new
    CHECK(backfill_exit_code(outcome) == exit_code::invalid_input);
    CHECK(batch_rows == std::vector<std::int64_t>{2, 2});
    CHECK(scalar(c, fmt::format("SELECT total_cost_micros FROM chat_messages WHERE id = {}", sonnet)) ==
          "4500");
    CHECK(scalar(c, fmt::format("SELECT total_cost_micros FROM chat_messages WHERE id = {}", mini)) == "1");
    CHECK(scalar(c, fmt::format("SELECT total_cost_micros FROM chat_messages WHERE id = {}", none)) ==
          "NULL");
    CHECK(scalar(c, fmt::format("SELECT total_cost_micros FROM chat_messages WHERE id = {}", late)) ==
          "NULL");

    // The same bad config again, unchanged: reported by the run before, so not a failure now.
    auto rerun = backfill_runner(c, only_2025, interrupts).run();
    CHECK(rerun.run.problems.size() == 1);
    CHECK(rerun.known_problems == std::set<problem_key>{{config_uuid(6), "config"}});
    CHECK(backfill_exit_code(rerun) == exit_code::ok);
    // Edited since (even to the same bad price): new again.
    exec(c, fmt::format("UPDATE chat_model_configs SET updated_at = now() WHERE id = '{}'", config_uuid(6)));
    auto edited = backfill_runner(c, only_2025, interrupts).run();
    CHECK(edited.known_problems.empty());
    CHECK(backfill_exit_code(edited) == exit_code::invalid_input);

    // Someone else holds the lock: exit code 8 after --wait-lock, naming the holder's pid and how
    // to end its session; at once with a wait of 0.
    pqxx::connection other(url);
    exec(other, fmt::format("SELECT pg_advisory_lock({})", backfill_lock_key));
    const auto holder = scalar(other, "SELECT pg_backend_pid()");
    for (auto wait : {std::chrono::milliseconds(0), std::chrono::milliseconds(300)}) {
        backfill_settings waiting;
        waiting.wait_lock = wait;
        try {
            backfill_runner(c, waiting, interrupts).run();
            FAIL("the runner ignored the lock");
        } catch (const failure& error) {
            CHECK(error.code() == exit_code::locked);
            CHECK(std::string(error.what()).find("another backfill is running") != std::string::npos);
            CHECK(std::string(error.what()).find("pid " + holder) != std::string::npos);
            CHECK(error.next_step().ends_with("SELECT pg_terminate_backend(" + holder + ")"));
            CHECK((std::string(error.what()).find("(waited 300ms)") != std::string::npos) ==
                  (wait.count() > 0));
        }
    }
    // The holder lets go while a run waits: the run takes the lock and goes on.
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        exec(other, fmt::format("SELECT pg_advisory_unlock({})", backfill_lock_key));
    });
    backfill_settings patient;
    patient.wait_lock = std::chrono::seconds(30);
    CHECK(backfill_runner(c, patient, interrupts).run().completed);
    release.join();

    // A stop requested before the first batch: nothing is done, the run stays resumable.
    std::raise(SIGTERM);
    auto stopped = backfill_runner(c, backfill_settings{}, interrupts).run();
    CHECK(stopped.interrupted);
    CHECK(stopped.invocation.rows_scanned == 0);
    CHECK(scalar(c, "SELECT state FROM chatcost_backfill_runs ORDER BY id DESC LIMIT 1") == "interrupted");
}
