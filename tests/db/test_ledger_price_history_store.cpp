// The price history (migration 0012): its trigger, whoever writes ai_model_prices, and the
// custom prices of ledger/price_history_store.hpp against seed apply.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include <fmt/format.h>

#include "ledger/price_book_store.hpp"
#include "price_book_json.hpp"
#include "ledger/price_history_store.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using chatcost::testing::migrated_database;

namespace {

// The reference platform's seed statement (seed document 001, "Approach 3", the one it chose),
// as psql runs it: the same text with the seed JSON written in as a literal for @seed.
std::string platform_seed_statement(pqxx::nontransaction& tx, const std::string& seed_json) {
    return R"(INSERT INTO ai_model_prices (
    provider,
    model,
    input_price,
    output_price,
    cache_read_price,
    cache_write_price
)
SELECT
    elem->>'provider',
    elem->>'model',
    (elem->>'input_price')::bigint,
    (elem->>'output_price')::bigint,
    (elem->>'cache_read_price')::bigint,
    (elem->>'cache_write_price')::bigint
FROM jsonb_array_elements()" +
           tx.quote(seed_json) + R"(::jsonb) AS elem
ON CONFLICT (provider, model) DO UPDATE SET
    input_price       = EXCLUDED.input_price,
    output_price      = EXCLUDED.output_price,
    cache_read_price  = EXCLUDED.cache_read_price,
    cache_write_price = EXCLUDED.cache_write_price,
    updated_at        = NOW();)";
}

const std::string seed_v1 =
    R"([{"provider":"anthropic","model":"claude-sonnet-4","input_price":3000000,"output_price":15000000,)"
    R"("cache_read_price":300000,"cache_write_price":3750000},)"
    R"({"provider":"openai","model":"gpt-4o","input_price":2500000,"output_price":10000000,)"
    R"("cache_read_price":1250000,"cache_write_price":null}])";

void run_platform_seed(pqxx::connection& c, const std::string& seed_json) {
    pqxx::nontransaction tx(c);
    tx.exec(platform_seed_statement(tx, seed_json));
}

std::string sql_text(pqxx::connection& c, const std::string& sql) {
    pqxx::nontransaction tx(c);
    auto row = tx.exec1(sql);
    return row[0].is_null() ? "NULL" : row[0].as<std::string>();
}

// Every period, one line each, oldest first per model and source.
std::string periods(pqxx::connection& c) {
    return sql_text(
        c,
        "SELECT string_agg(concat_ws(' ', model, source, input_price, output_price, cache_read_price, "
        "valid_until IS NULL), '; ' ORDER BY provider, model, source, valid_from) "
        "FROM chatcost_price_periods");
}

std::string row_version(pqxx::connection& c, const std::string& model) {
    pqxx::nontransaction tx(c);
    return tx
        .exec_params1(
            "SELECT ctid::text || ' ' || xmin::text || ' ' || updated_at::text || ' ' || source "
            "FROM ai_model_prices WHERE model = $1",
            model)[0]
        .as<std::string>();
}

std::string shown(pqxx::connection& c, const std::string& model) {
    pqxx::nontransaction tx(c);
    return tx
        .exec_params1(
            "SELECT concat_ws(' ', source, input_price, output_price, cache_read_price) "
            "FROM ai_model_prices WHERE model = $1",
            model)[0]
        .as<std::string>();
}

const std::string sonnet_custom =
    R"([{"provider":"anthropic","model":"claude-sonnet-4","input_price":2000000,"output_price":9000000,)"
    R"("cache_read_price":null,"cache_write_price":null}])";

}  // namespace

TEST_CASE("the platform's own seed statement is recorded; an unchanged re-run records and writes nothing") {
    pqxx::connection c(migrated_database("history_platform_seed"));
    run_platform_seed(c, seed_v1);
    CHECK(periods(c) ==
          "claude-sonnet-4 default 3000000 15000000 300000 t; gpt-4o default 2500000 10000000 1250000 t");
    CHECK(sql_text(
              c,
              "SELECT count(*) FROM chatcost_price_periods p JOIN ai_model_prices a USING (provider, model) "
              "WHERE p.valid_from = a.updated_at") == "2");  // dated by the row's updated_at
    const auto before = row_version(c, "gpt-4o");
    run_platform_seed(c, seed_v1);
    CHECK(periods(c) ==
          "claude-sonnet-4 default 3000000 15000000 300000 t; gpt-4o default 2500000 10000000 1250000 t");
    CHECK(row_version(c, "gpt-4o") == before);  // the trigger skipped the write: no new row version

    // A changed price closes the period and opens one.
    run_platform_seed(
        c, R"([{"provider":"openai","model":"gpt-4o","input_price":2000000,"output_price":10000000,)"
           R"("cache_read_price":1250000,"cache_write_price":null}])");
    CHECK(periods(c) ==
          "claude-sonnet-4 default 3000000 15000000 300000 t; gpt-4o default 2500000 10000000 1250000 f; "
          "gpt-4o default 2000000 10000000 1250000 t");
}

TEST_CASE("a partial UPDATE by the platform under a custom price records the default and keeps the custom") {
    pqxx::connection c(migrated_database("history_partial_update"));
    run_platform_seed(c, seed_v1);
    CHECK(set_custom_price(c, sonnet_custom, "2100-01-01T00:00:00Z", std::string("deal")));
    CHECK(shown(c, "claude-sonnet-4") == "custom 2000000 9000000");
    {
        pqxx::nontransaction tx(c);
        tx.exec(
            "UPDATE ai_model_prices SET output_price = 16000000, updated_at = '2100-02-01Z' "
            "WHERE model = 'claude-sonnet-4'");
    }
    // The default keeps its own input and cache read prices, not the custom ones the row showed.
    CHECK(periods(c) ==
          "claude-sonnet-4 custom 2000000 9000000 t; claude-sonnet-4 default 3000000 15000000 300000 f; "
          "claude-sonnet-4 default 3000000 16000000 300000 t; gpt-4o default 2500000 10000000 1250000 t");
    CHECK(shown(c, "claude-sonnet-4") == "custom 2000000 9000000");
    CHECK(sql_text(c, "SELECT note FROM chatcost_price_periods WHERE source = 'custom'") == "deal");

    // seed apply writes the whole default: an input equal to the custom one is the new default's.
    auto counts = apply_price_book(
        c,
        R"([{"provider":"anthropic","model":"claude-sonnet-4","input_price":2000000,"output_price":16000000,)"
        R"("cache_read_price":300000,"cache_write_price":3750000}])",
        std::string("2100-03-01T00:00:00Z"));
    CHECK((counts.inserted == 0 && counts.updated == 1 && counts.unchanged == 0));
    CHECK(sql_text(c,
                   "SELECT input_price FROM chatcost_price_periods WHERE source = 'default' "
                   "AND model = 'claude-sonnet-4' AND valid_until IS NULL") == "2000000");
    CHECK(shown(c, "claude-sonnet-4") == "custom 2000000 9000000");

    CHECK(unset_custom_price(c, "anthropic", "claude-sonnet-4", "2100-04-01T00:00:00Z") ==
          unset_outcome::default_in_force);
    CHECK(shown(c, "claude-sonnet-4") == "default 2000000 16000000 300000");
    CHECK_THROWS_AS(unset_custom_price(c, "anthropic", "claude-sonnet-4", "2100-05-01T00:00:00Z"), failure);
}

TEST_CASE("a DELETE closes the period; the model has no price after it") {
    pqxx::connection c(migrated_database("history_delete"));
    run_platform_seed(c, seed_v1);
    {
        pqxx::nontransaction tx(c);
        tx.exec("DELETE FROM ai_model_prices WHERE model = 'gpt-4o'");
    }
    CHECK(periods(c) ==
          "claude-sonnet-4 default 3000000 15000000 300000 t; gpt-4o default 2500000 10000000 1250000 f");
    CHECK(list_prices_at(c, std::nullopt, std::string("gpt-4o"), "2999-01-01T00:00:00Z").empty());
}

TEST_CASE("an effective time at or before the current period's start is refused, with the hint") {
    pqxx::connection c(migrated_database("history_refused"));
    apply_price_book(c, seed_v1, std::string("2025-06-01T00:00:00Z"));
    const auto before = periods(c);
    const std::string changed =
        R"([{"provider":"openai","model":"gpt-4o","input_price":1,"output_price":1,"cache_read_price":null,)"
        R"("cache_write_price":null}])";
    try {
        pqxx::work tx(c);
        tx.exec("SET LOCAL chatcost.effective_from = '2025-05-01Z'");
        tx.exec("UPDATE ai_model_prices SET input_price = 1 WHERE model = 'gpt-4o'");
        FAIL("the trigger let an earlier time through");
    } catch (const pqxx::data_exception& error) {
        CHECK(std::string(error.what()).find("has been in force since") != std::string::npos);
    }
    try {
        apply_price_book(c, changed, std::string("2025-06-01T00:00:00Z"));  // at the start: refused too
        FAIL("seed apply wrote a period that starts where the current one does");
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::invalid_input);
        CHECK(error.next_step().find("give an effective time after the start") != std::string::npos);
    }
    CHECK(periods(c) == before);  // nothing was written by either
    CHECK(set_custom_price(c, changed, "2025-07-01T00:00:00Z", std::nullopt));
    CHECK_THROWS_AS(unset_custom_price(c, "openai", "gpt-4o", "2025-06-15T00:00:00Z"), failure);
}
