// ledger/price_catalog and ledger/message_explanation against a real PostgreSQL: a config's
// reasoning price and cost.tiers, and a price book row's reasoning price and tiers, read by
// price_catalog_configs.sql and explain_message.sql and resolved by the engine (DESIGN §2 rules
// 6, 8 and 9). The flat forms are covered in test_backfill_backfill_runner.cpp.

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cost/price.hpp"
#include "ledger/message_explanation.hpp"
#include "ledger/price_catalog.hpp"
#include "db_test_support.hpp"
#include "migration_test_support.hpp"

using namespace chatcost;
using namespace chatcost::db;
using chatcost::testing::migrated_database;

namespace {

std::string config_uuid(int n) {
    return fmt::format("00000000-0000-0000-0002-{:012}", n);
}

cost::price usd(std::string_view text) {
    return cost::parse_price(text).value();
}

// Config 1: nested prices, a nested reasoning price and models.dev-shaped tiers (the book row of
// its model is ignored: a config that sets any price is used whole). Config 2: legacy keys only,
// reasoning included. Config 3: nothing but the book row, which has a reasoning price and tiers.
// Config 4: only cost.tiers, with JSON null elsewhere. Config 5: tiers JSON null, reasoning
// nested null over a legacy one. Config 6: a tier size repeated in the book.
void add_configs(pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    tx.exec(fmt::format(R"(
INSERT INTO users (id, username) VALUES ('00000000-0000-0000-0000-000000000001', 'ana');
INSERT INTO chats (id, owner_id) VALUES ('00000000-0000-0000-0001-000000000001', '00000000-0000-0000-0000-000000000001');
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
 ('{0}', 'openai', 'gpt-5.4', '{{"cost": {{"input_price_per_million_tokens": "2.50", "output_price_per_million_tokens": 15,
     "reasoning_price_per_million_tokens": "0.30000000000000",
     "tiers": [{{"tier": {{"type": "context", "size": 272000}}, "input": "5.00", "output": 22.5, "cache_read": 0.5}}]}}}}'),
 ('{1}', 'alibaba', 'qwen-plus', '{{"input_price_per_million_tokens": 0.4, "output_price_per_million_tokens": "1.2",
     "reasoning_price_per_million_tokens": 4}}'),
 ('{2}', 'openai', 'o5', '{{}}'),
 ('{3}', 'acme', 'tiers-only', '{{"cost": {{"input_price_per_million_tokens": null,
     "tiers": [{{"tier": {{"type": "context", "size": 128000}}, "input": "1"}}]}}}}'),
 ('{4}', 'acme', 'reasoning-legacy', '{{"cost": {{"tiers": null, "reasoning_price_per_million_tokens": null}},
     "reasoning_price_per_million_tokens": "7"}}'),
 ('{5}', 'acme', 'repeated', '{{}}');
INSERT INTO ai_model_prices (provider, model, input_price, output_price, cache_read_price, reasoning_price, tiers) VALUES
 ('openai', 'gpt-5.4', 1, 1, 1, 1, '[{{"size": 1, "input_price": 1}}]'),
 ('openai', 'o5', 2000000, 8000000, 500000, 12000000,
  '[{{"size": 512000, "input_price": 4000000, "reasoning_price": 20000000}}, {{"size": 200000.0, "output_price": 9000000}}]'),
 ('acme', 'repeated', 1000000, 1000000, NULL, NULL, '[{{"size": 100}}, {{"size": 100, "input_price": 2}}]');
INSERT INTO chat_messages (id, chat_id, model_config_id, role, input_tokens, output_tokens, reasoning_tokens)
VALUES (1, '00000000-0000-0000-0001-000000000001', '{2}', 'assistant', 300000, 1000, 400);
)",
                        config_uuid(1), config_uuid(2), config_uuid(3), config_uuid(4), config_uuid(5),
                        config_uuid(6)));
}

}  // namespace

TEST_CASE("price_catalog: reasoning prices and tiers from the config or the price book") {
    pqxx::connection c(migrated_database("catalog_tiers"));
    add_configs(c);
    pqxx::nontransaction tx(c);
    auto catalog = price_catalog::load(tx);
    REQUIRE(catalog.size() == 6);

    const auto& nested = catalog.find(config_uuid(1))->resolution;
    REQUIRE(nested.status == cost::resolution_status::resolved);
    CHECK(nested.source == cost::price_source::config_nested);
    CHECK(nested.reasoning_origin == cost::price_source::config_nested);
    CHECK(nested.schedule.reasoning_price() == usd("0.3"));  // the text, exactly
    auto tiers = nested.schedule.tiers();
    REQUIRE(tiers.size() == 1);  // the book row's tier is not used: the config sets prices
    CHECK(tiers[0].size == 272'000);
    CHECK(tiers[0].prices.input == usd("5"));
    CHECK(tiers[0].prices.output == usd("22.5"));
    CHECK(tiers[0].prices.cache_read == usd("0.5"));
    CHECK_FALSE(tiers[0].prices.cache_write.has_value());

    const auto& legacy = catalog.find(config_uuid(2))->resolution;
    CHECK(legacy.source == cost::price_source::config_legacy);
    CHECK(legacy.schedule.reasoning_price() == usd("4"));
    CHECK(legacy.schedule.tier_count() == 0);

    const auto& book = catalog.find(config_uuid(3))->resolution;
    REQUIRE(book.status == cost::resolution_status::resolved);
    CHECK(book.source == cost::price_source::price_book);
    CHECK(book.reasoning_origin == cost::price_source::price_book);
    CHECK(book.prices.input == usd("2"));
    CHECK(book.schedule.reasoning_price() == usd("12"));
    auto book_tiers = book.schedule.tiers();
    REQUIRE(book_tiers.size() == 2);
    CHECK(book_tiers[0].size == 200'000);  // 200000.0 in the jsonb: by increasing size
    CHECK(book_tiers[0].prices.output == usd("9"));
    CHECK_FALSE(book_tiers[0].prices.input.has_value());  // inherited from the row
    CHECK(book_tiers[1].size == 512'000);
    CHECK(book_tiers[1].prices.input == usd("4"));
    CHECK(book_tiers[1].reasoning == usd("20"));

    const auto& tiers_only = catalog.find(config_uuid(4))->resolution;
    CHECK(tiers_only.status == cost::resolution_status::resolved);
    CHECK(tiers_only.schedule.tier_count() == 1);  // tiers alone make the config the source
    CHECK(tiers_only.source != cost::price_source::price_book);

    const auto& fallback = catalog.find(config_uuid(5))->resolution;
    CHECK(fallback.schedule.reasoning_price() == usd("7"));  // nested null falls back to legacy
    CHECK(fallback.schedule.tier_count() == 0);              // tiers: null is no tiers

    const auto& repeated = catalog.find(config_uuid(6))->resolution;
    CHECK(repeated.status == cost::resolution_status::invalid);
    CHECK(repeated.error.find("100") != std::string::npos);
}

TEST_CASE("explain reads a message's config and book row with their reasoning price and tiers") {
    pqxx::connection c(migrated_database("explain_tiers"));
    add_configs(c);
    pqxx::nontransaction tx(c);
    auto message = read_stored_message(tx, 1);
    REQUIRE(message);
    REQUIRE(message->config);
    CHECK(message->config->book_reasoning == 12'000'000);
    CHECK(message->config->book_tier_list.size() == 2);
    auto resolution = message->config->resolve();
    CHECK(resolution.schedule ==
          price_catalog::load(tx, config_uuid(3)).find(config_uuid(3))->resolution.schedule);
    // 300,000 tokens of context: above 200k, below 512k, so the first tier prices the message.
    CHECK(resolution.schedule.level_for(cost::context_tokens(message->usage)).above_context == 200'000);
}

namespace {

// Config 11 is priced by the book of acme/timeline: a default price from 2025-01-01, another
// (with a tier above 1,000) from 2025-02-01, and a custom one from 2025-03-01 to 2025-04-01.
// Config 12 sets its own prices. The periods are made by migration 0012's trigger.
void add_history(pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    tx.exec(fmt::format(R"(
INSERT INTO chat_model_configs (id, provider, model, options) VALUES
 ('{0}', 'acme', 'timeline', '{{}}'),
 ('{1}', 'acme', 'timeline', '{{"cost": {{"input_price_per_million_tokens": "1.5"}}}}');
INSERT INTO ai_model_prices (provider, model, input_price, output_price, updated_at)
VALUES ('acme', 'timeline', 1000000, 2000000, '2025-01-01 00:00:00+00');
BEGIN;
SET LOCAL chatcost.effective_from = '2025-02-01 00:00:00+00';
UPDATE ai_model_prices SET input_price = 3000000, tiers = '[{{"size": 1000, "input_price": 6000000}}]'
WHERE model = 'timeline';
COMMIT;
BEGIN;
SET LOCAL chatcost.price_write = 'custom';
SET LOCAL chatcost.effective_from = '2025-03-01 00:00:00+00';
UPDATE ai_model_prices SET input_price = 500000 WHERE model = 'timeline';
COMMIT;
BEGIN;
SET LOCAL chatcost.price_write = 'unset';
SET LOCAL chatcost.effective_from = '2025-04-01 00:00:00+00';
UPDATE ai_model_prices SET input_price = input_price WHERE model = 'timeline';
COMMIT;
)",
                        config_uuid(11), config_uuid(12)));
}

// Epoch microseconds of a UTC time, as PostgreSQL computes it.
std::int64_t micros(pqxx::transaction_base& tx, const std::string& at) {
    return tx.exec1(fmt::format("SELECT (extract(epoch FROM timestamptz '{}') * 1000000)::bigint", at))[0]
        .as<std::int64_t>();
}

std::optional<std::int64_t> input_units(const price_in_force& in_force) {
    auto input = in_force.option->resolution.prices[cost::category::input];
    return input ? std::optional(input->units()) : std::nullopt;
}

}  // namespace

TEST_CASE("price_catalog: the book price in force at created_at, custom first; a config's own always") {
    auto url = migrated_database("price_catalog_timeline");
    pqxx::connection c(url);
    add_configs(c);
    add_history(c);
    pqxx::nontransaction tx(c);
    auto catalog = price_catalog::load(tx);
    const auto* book = catalog.find(config_uuid(11));
    REQUIRE(book != nullptr);
    CHECK_FALSE(book->own_prices);
    REQUIRE(book->periods.size() == 3);  // default, default, custom
    CHECK(book->options.size() == 4);    // one per period, then "no price"

    auto before = book->at(micros(tx, "2024-06-01 00:00:00+00"));
    CHECK(before.before_first);
    CHECK(input_units(before) == usd("1").units());
    CHECK(input_units(book->at(micros(tx, "2025-01-31 23:59:59.999999+00"))) == usd("1").units());
    CHECK(input_units(book->at(micros(tx, "2025-02-01 00:00:00+00"))) == usd("3").units());
    auto custom = book->at(micros(tx, "2025-03-15 00:00:00+00"));
    REQUIRE(custom.option->period.has_value());
    CHECK(custom.option->period->custom);
    CHECK(input_units(custom) == usd("0.5").units());
    CHECK(input_units(book->at(micros(tx, "2025-04-01 00:00:00+00"))) == usd("3").units());  // unset
    // The price in force now is what ai_model_prices shows: the default one, the custom unset.
    CHECK(book->resolution.prices[cost::category::input]->units() == usd("3").units());

    const auto* own = catalog.find(config_uuid(12));
    REQUIRE(own != nullptr);
    CHECK(own->own_prices);
    CHECK(own->periods.empty());
    CHECK(input_units(own->at(micros(tx, "2020-01-01 00:00:00+00"))) == usd("1.5").units());
    CHECK_FALSE(own->at(0).before_first);
}

TEST_CASE("price_catalog: refs are made once, in one statement, and a dry run makes none") {
    auto url = migrated_database("price_catalog_refs");
    pqxx::connection c(url);
    add_configs(c);
    add_history(c);
    pqxx::nontransaction tx(c);
    const auto feb_10 = micros(tx, "2025-02-10 00:00:00+00");
    auto count_refs = [&] { return tx.exec1("SELECT count(*) FROM chatcost_price_refs")[0].as<int>(); };
    {
        auto dry = price_catalog::load(tx);
        dry.register_refs(tx, false);
        CHECK(count_refs() == 0);
        const auto* book = dry.find(config_uuid(11));
        REQUIRE(book != nullptr);
        CHECK(book->options.front().refs.front().second < 0);  // a placeholder
    }
    auto catalog = price_catalog::load(tx);
    catalog.register_refs(tx, true);
    const int made = count_refs();
    // Book acme/timeline: period 1 (base), period 2 (base, tier 1000), the custom period (base,
    // tier 1000: the tiers came along with the row's other prices); config 12's prices; and the
    // refs of add_configs' configs.
    CHECK(made > 6);
    const auto* book = catalog.find(config_uuid(11));
    REQUIRE(book != nullptr);
    auto tiered = book->at(feb_10);
    const auto& level = tiered.option->resolution.schedule.level_for(1001);
    CHECK(level.above_context == 1000);
    auto ref = tiered.option->ref_for(level);
    REQUIRE(ref.has_value());
    auto row =
        tx.exec1(fmt::format("SELECT r.source, r.period_id, r.tier_size, p.valid_from = '2025-02-01+00' FROM "
                             "chatcost_price_refs AS r "
                             "JOIN chatcost_price_periods AS p ON p.id = r.period_id WHERE r.id = {}",
                             *ref));
    CHECK(row[0].as<std::string>() == "default");
    CHECK(row[1].as<std::int64_t>() == tiered.option->period->id);
    CHECK(row[2].as<std::int64_t>() == 1000);
    CHECK(row[3].as<bool>());

    // Loaded again (another run): the same ids, nothing new.
    auto again = price_catalog::load(tx);
    again.register_refs(tx, true);
    CHECK(count_refs() == made);
    CHECK(again.find(config_uuid(11))->at(feb_10).option->ref_for(level) == ref);
    auto own = again.find(config_uuid(12))->options.front();
    auto own_row =
        tx.exec1(fmt::format("SELECT source, config_id::text, config_prices, tier_size IS NULL "
                             "FROM chatcost_price_refs WHERE id = {}",
                             own.refs.front().second));
    CHECK(own_row[0].as<std::string>() == "config");
    CHECK(own_row[1].as<std::string>() == config_uuid(12));
    CHECK(own_row[2].as<std::string>() == "1.5,-,-,-,-");
    CHECK(own_row[3].as<bool>());
}
