// src/cost/price_resolution.cpp: DESIGN §2 rule 6, where a message's prices come from.

#include <doctest/doctest.h>

#include <optional>
#include <stdexcept>
#include <string_view>

#include "cost/price_resolution.hpp"

using namespace chatcost::cost;

namespace {

constexpr std::string_view config_id = "1b2c3d4e-0000-4000-8000-000000000001";

model_config_view config_with(per_category<config_price_text> prices) {
    return {.id = config_id, .provider = "anthropic", .model = "claude-sonnet-4", .prices = prices};
}

price_book_row book_row(per_category<std::optional<std::int64_t>> micros) {
    return {.provider = "anthropic", .model = "claude-sonnet-4", .micros_per_million = micros};
}

// $3/M input, $15/M output in the price book.
const price_book_row sonnet_book = book_row({.input = 3'000'000, .output = 15'000'000});

std::string units_text(const std::optional<price>& value) {
    return value ? value->to_string() : "unset";
}

}  // namespace

TEST_CASE("resolve_prices: no model config, no price") {
    auto resolved = resolve_prices(std::nullopt, sonnet_book);
    CHECK(resolved.status == resolution_status::no_model_config);
    CHECK(resolved.source == price_source::none);
    CHECK(resolved.source_key.empty());
    CHECK_FALSE(has_any_price(resolved.prices));

    auto cost = price_with({.input = 1000}, resolved);
    REQUIRE(cost.unpriced() != nullptr);
    CHECK(cost.unpriced()->reason == unpriced_reason::no_model_config);
}

TEST_CASE("resolve_prices: nested keys") {
    auto resolved = resolve_prices(config_with({.input = {.nested = "3"},
                                                .output = {.nested = "15"},
                                                .cache_read = {.nested = "0.3"},
                                                .cache_write = {.nested = "3.75"}}),
                                   sonnet_book);
    CHECK(resolved.status == resolution_status::resolved);
    CHECK(resolved.source == price_source::config_nested);
    CHECK(resolved.source_key == config_id);
    CHECK(resolved.prices.input->units() == 3'000'000'000'000);
    CHECK(resolved.prices.output->units() == 15'000'000'000'000);
    CHECK(resolved.prices.cache_read->units() == 300'000'000'000);
    CHECK(resolved.prices.cache_write->units() == 3'750'000'000'000);
    CHECK(resolved.origins.input == price_source::config_nested);
    CHECK(resolved.origins.cache_write == price_source::config_nested);
}

TEST_CASE("resolve_prices: legacy top-level keys") {
    auto resolved = resolve_prices(config_with({.input = {.legacy = "2.5"}}), std::nullopt);
    CHECK(resolved.source == price_source::config_legacy);
    CHECK(resolved.prices.input->units() == 2'500'000'000'000);
    CHECK(resolved.origins.input == price_source::config_legacy);
    CHECK(resolved.origins.output == price_source::none);
}

TEST_CASE("resolve_prices: nested wins over legacy, key by key") {
    auto resolved = resolve_prices(config_with({.input = {.nested = "3", .legacy = "5"},
                                                .output = {.legacy = "15"},
                                                .cache_read = {.nested = "0.3", .legacy = "not read"}}),
                                   std::nullopt);
    CHECK(resolved.status == resolution_status::resolved);
    CHECK(resolved.source == price_source::config_mixed);
    CHECK(units_text(resolved.prices.input) == "3");
    CHECK(units_text(resolved.prices.output) == "15");
    CHECK(units_text(resolved.prices.cache_read) == "0.3");
    CHECK(units_text(resolved.prices.cache_write) == "unset");
    CHECK(resolved.origins.input == price_source::config_nested);
    CHECK(resolved.origins.output == price_source::config_legacy);
    CHECK(resolved.origins.cache_read == price_source::config_nested);
    CHECK(resolved.origins.cache_write == price_source::none);
}

TEST_CASE("resolve_prices: a config that sets one key shuts out the price book") {
    auto resolved = resolve_prices(config_with({.input = {.nested = "4"}}), sonnet_book);
    CHECK(resolved.source == price_source::config_nested);
    CHECK(units_text(resolved.prices.input) == "4");
    CHECK(units_text(resolved.prices.output) == "unset");  // the book's $15/M is not used

    // 100 input at 4 = 400; 100 output have no price: 0.
    auto cost = price_with({.input = 100, .output = 100}, resolved);
    CHECK(cost.micros() == 400);
}

TEST_CASE("resolve_prices: the price book when the config sets none of the four keys") {
    auto resolved = resolve_prices(config_with({}), sonnet_book);
    CHECK(resolved.status == resolution_status::resolved);
    CHECK(resolved.source == price_source::price_book);
    CHECK(resolved.source_key == "anthropic/claude-sonnet-4");
    CHECK(resolved.prices.input->units() == 3'000'000'000'000);
    CHECK(resolved.prices.output->units() == 15'000'000'000'000);
    CHECK(resolved.prices.cache_read == std::nullopt);  // NULL in the book: unknown
    CHECK(resolved.origins.input == price_source::price_book);
    CHECK(resolved.origins.cache_read == price_source::none);

    // 1000 * 3 + 500 * 15 = 3000 + 7500 = 10500
    CHECK(price_with({.input = 1000, .output = 500}, resolved).micros() == 10500);
    // Only cache reads, which the book does not price.
    auto cost = price_with({.cache_read = 1000}, resolved);
    REQUIRE(cost.unpriced() != nullptr);
    CHECK(cost.unpriced()->reason == unpriced_reason::no_matching_category);
}

TEST_CASE("resolve_prices: no config prices and no price book row") {
    auto resolved = resolve_prices(config_with({}), std::nullopt);
    CHECK(resolved.status == resolution_status::resolved);
    CHECK(resolved.source == price_source::none);
    CHECK(resolved.source_key == "anthropic/claude-sonnet-4");
    auto cost = price_with({.input = 1000}, resolved);
    REQUIRE(cost.unpriced() != nullptr);
    CHECK(cost.unpriced()->reason == unpriced_reason::no_prices);
}

TEST_CASE("resolve_prices: a price book row of NULLs is the source, and prices nothing") {
    auto resolved = resolve_prices(config_with({}), book_row({}));
    CHECK(resolved.source == price_source::price_book);
    auto cost = price_with({.input = 1000}, resolved);
    REQUIRE(cost.unpriced() != nullptr);
    CHECK(cost.unpriced()->reason == unpriced_reason::no_prices);
}

TEST_CASE("resolve_prices: JSON number forms in a config, exactly") {
    auto resolved = resolve_prices(
        config_with(
            {.input = {.nested = "1E+2"}, .output = {.nested = "1e-2"}, .cache_read = {.legacy = "-0"}}),
        std::nullopt);
    REQUIRE(resolved.status == resolution_status::resolved);
    CHECK(units_text(resolved.prices.input) == "100");
    CHECK(units_text(resolved.prices.output) == "0.01");
    CHECK(units_text(resolved.prices.cache_read) == "0");
    // 3 * 100 + 250 * 0.01 + 7 * 0 = 302.5
    auto cost = price_with({.input = 3, .output = 250, .cache_read = 7}, resolved);
    REQUIRE(cost.priced() != nullptr);
    CHECK(cost.priced()->exact_text() == "302.5");
    CHECK(cost.micros() == 303);
}

TEST_CASE("resolve_prices: a config value that does not parse makes its messages invalid") {
    auto resolved = resolve_prices(config_with({.input = {.nested = "abc"}}), sonnet_book);
    CHECK(resolved.status == resolution_status::invalid);
    CHECK(resolved.error ==
          "config 1b2c3d4e-0000-4000-8000-000000000001: input_price_per_million_tokens: "
          "\"abc\" is not a decimal number");

    auto cost = price_with({.input = 10}, resolved);
    REQUIRE(cost.invalid() != nullptr);
    CHECK(cost.invalid()->reason == resolved.error);
}

TEST_CASE("resolve_prices: a bad nested value is not replaced by a good legacy one") {
    auto resolved = resolve_prices(
        config_with({.output = {.nested = "0.30000000000000004", .legacy = "0.3"}}), std::nullopt);
    CHECK(resolved.status == resolution_status::invalid);
    CHECK(resolved.error ==
          "config 1b2c3d4e-0000-4000-8000-000000000001: output_price_per_million_tokens: "
          "\"0.30000000000000004\" has more than 12 fractional digits");
}

TEST_CASE("resolve_prices: a bad legacy value names its key") {
    auto resolved = resolve_prices(config_with({.input = {.nested = "3"}, .cache_write = {.legacy = "-1"}}),
                                   std::nullopt);
    CHECK(resolved.status == resolution_status::invalid);
    CHECK(resolved.error ==
          "config 1b2c3d4e-0000-4000-8000-000000000001: "
          "cache_write_price_per_million_tokens: \"-1\" is negative");
}

TEST_CASE("price_with: usage is checked before a missing or bad config") {
    auto bad_config = resolve_prices(config_with({.input = {.nested = "abc"}}), std::nullopt);
    auto no_config = resolve_prices(std::nullopt, std::nullopt);

    for (const auto& resolved : {bad_config, no_config}) {
        auto nothing = price_with({}, resolved);
        REQUIRE(nothing.unpriced() != nullptr);
        CHECK(nothing.unpriced()->reason == unpriced_reason::no_tokens);

        auto negative = price_with({.input = -4}, resolved);
        REQUIRE(negative.invalid() != nullptr);
        CHECK(negative.invalid()->reason == "input_tokens is negative: -4");
    }
}

TEST_CASE("resolve_prices: bad price book integers") {
    auto negative = resolve_prices(config_with({}), book_row({.output = -1}));
    CHECK(negative.status == resolution_status::invalid);
    CHECK(negative.error ==
          "price book anthropic/claude-sonnet-4: output_price: "
          "-1 micro-dollars per 1M tokens is negative");

    auto too_large = resolve_prices(config_with({}), book_row({.cache_read = 9'223'372'036'855}));
    CHECK(too_large.status == resolution_status::invalid);
    CHECK(too_large.error ==
          "price book anthropic/claude-sonnet-4: cache_read_price: 9223372036855 "
          "micro-dollars per 1M tokens is above the largest price, "
          "9223372.036854775807 USD per 1M tokens");
}

TEST_CASE("resolve_prices: a price book row for another model is a caller bug") {
    price_book_row other{.provider = "openai", .model = "gpt-4o", .micros_per_million = {.input = 1}};
    CHECK_THROWS_AS(resolve_prices(config_with({}), other), std::invalid_argument);
}

TEST_CASE("price sources have stable names") {
    CHECK(name(price_source::none) == "none");
    CHECK(name(price_source::config_nested) == "config_nested");
    CHECK(name(price_source::config_legacy) == "config_legacy");
    CHECK(name(price_source::config_mixed) == "config_mixed");
    CHECK(name(price_source::price_book) == "price_book");
}

// ---- DESIGN §2 rules 8 and 9: reasoning prices and long-context tiers ----

namespace {

// openai/gpt-5.4 in models.dev's shape: above 272,000 tokens of context, 5 / 22.5 / 0.5.
constexpr std::string_view gpt_tiers =
    R"([{"tier": {"type": "context", "size": 272000}, "input": "5.00", "output": 22.50, "cache_read": "0.50"}])";

model_config_view tiered_config() {
    auto config = config_with(
        {.input = {.nested = "2.50"}, .output = {.nested = "15.00"}, .cache_read = {.nested = "0.25"}});
    config.tiers_json = gpt_tiers;
    return config;
}

}  // namespace

TEST_CASE("resolve_prices: a config's reasoning price, nested or legacy, parsed like the others") {
    auto config = config_with({.output = {.nested = "12"}});
    config.reasoning = {.legacy = "30"};
    auto resolved = resolve_prices(config, sonnet_book);
    REQUIRE(resolved.status == resolution_status::resolved);
    CHECK(resolved.schedule.reasoning_price() == parse_price("30").value());
    CHECK(resolved.reasoning_origin == price_source::config_legacy);
    CHECK(resolved.source == price_source::config_mixed);
    // 60 x 12 + 40 x 30 = 720 + 1200
    CHECK(price_with({.output = 100, .reasoning = 40}, resolved).micros() == 1920);

    config.reasoning = {.nested = "3O"};
    auto bad = resolve_prices(config, sonnet_book);
    CHECK(bad.status == resolution_status::invalid);
    CHECK(bad.error == std::string("config ") + std::string(config_id) +
                           ": reasoning_price_per_million_tokens: \"3O\" is not a decimal number");
}

TEST_CASE("resolve_prices: a reasoning price alone is a config price, and shuts out the book") {
    auto config = config_with({});
    config.reasoning = {.nested = "30"};
    auto resolved = resolve_prices(config, sonnet_book);
    CHECK(resolved.source == price_source::config_nested);
    CHECK_FALSE(has_any_price(resolved.prices));
    CHECK(resolved.schedule.has_any_price());
    CHECK(price_with({.input = 1000}, resolved).unpriced()->reason == unpriced_reason::no_matching_category);
}

TEST_CASE("resolve_prices: a config's tiers price above their size") {
    auto resolved = resolve_prices(tiered_config(), sonnet_book);
    REQUIRE(resolved.status == resolution_status::resolved);
    CHECK(resolved.source == price_source::config_nested);
    REQUIRE(resolved.schedule.tier_count() == 1);
    CHECK(units_text(resolved.schedule.tiers()[0].prices.output) == "22.5");
    CHECK(units_text(resolved.prices.input) == "2.5");  // the base, for the callers showing flat prices
    CHECK(price_with({.input = 272'000}, resolved).micros() == 680'000);    // x 2.5
    CHECK(price_with({.input = 272'001}, resolved).micros() == 1'360'005);  // x 5
    CHECK(total_cost({.input = 272'001}, resolved).stored() == 1'360'005);
}

TEST_CASE("resolve_prices: a config whose only prices are tiers is used whole") {
    auto config = config_with({});
    config.tiers_json = gpt_tiers;
    auto resolved = resolve_prices(config, sonnet_book);
    CHECK(resolved.source == price_source::config_nested);
    CHECK_FALSE(has_any_price(resolved.prices));  // not the book's $3/M
    CHECK(price_with({.input = 1000}, resolved).unpriced()->reason == unpriced_reason::no_matching_category);

    // An empty list, or null, sets no price: the book prices.
    config.tiers_json = "[]";
    CHECK(resolve_prices(config, sonnet_book).source == price_source::price_book);
}

TEST_CASE("resolve_prices: legacy keys with nested tiers are a mixed config") {
    auto config = config_with({.input = {.legacy = "2.5"}});
    config.tiers_json = gpt_tiers;
    CHECK(resolve_prices(config, std::nullopt).source == price_source::config_mixed);
}

TEST_CASE("resolve_prices: bad tiers make every message of the config invalid") {
    auto expect_error = [](std::string_view tiers, std::string_view error) {
        auto config = tiered_config();
        config.tiers_json = tiers;
        auto resolved = resolve_prices(config, sonnet_book);
        CHECK(resolved.status == resolution_status::invalid);
        CHECK(resolved.error == std::string("config ") + std::string(config_id) + ": " + std::string(error));
        CHECK(total_cost({.input = 1}, resolved) == cost_total::invalid());
    };
    expect_error(R"([{"tier": {"type": "context", "size": 1}, "input": "1.5x"}])",
                 R"(cost.tiers[0].input: "1.5x" is not a decimal number)");
    expect_error(R"([{"tier": {"type": "context", "size": 1}, "reasoning": "-1"}])",
                 R"(cost.tiers[0].reasoning: "-1" is negative)");
    expect_error(R"([{"tier": {"type": "context", "size": 5}}, {"tier": {"type": "context", "size": 5}}])",
                 "cost.tiers: two tiers have the size 5");
    expect_error(R"([{"tier": {"type": "context", "size": 0}}])",
                 "cost.tiers: tier size 0 is not a positive number of tokens");
    expect_error(R"({"tier": 1})", "cost.tiers: is not a list");
}

TEST_CASE("resolve_prices: the price book's reasoning price and tiers") {
    const price_book_tier tiers[] = {
        {.size = 200'000, .micros_per_million = {.input = 4'000'000, .output = 18'000'000}},
        {.size = 128'000,
         .micros_per_million = {.input = 3'500'000},
         .reasoning_micros_per_million = 20'000'000},
    };
    auto row = book_row({.input = 2'000'000, .output = 12'000'000});
    row.reasoning_micros_per_million = 16'000'000;
    row.tiers = tiers;
    auto resolved = resolve_prices(config_with({}), row);
    REQUIRE(resolved.status == resolution_status::resolved);
    CHECK(resolved.source == price_source::price_book);
    CHECK(resolved.reasoning_origin == price_source::price_book);
    REQUIRE(resolved.schedule.tier_count() == 2);
    CHECK(resolved.schedule.tiers()[0].size == 128'000);
    // Base: 1000 x 2 + 60 x 12 + 40 x 16 = 2000 + 720 + 640
    CHECK(price_with({.input = 1000, .output = 100, .reasoning = 40}, resolved).micros() == 3360);
    // 128k tier: 130000 x 3.5 + 60 x 12 (inherited) + 40 x 20 = 455000 + 720 + 800
    CHECK(price_with({.input = 130'000, .output = 100, .reasoning = 40}, resolved).micros() == 456'520);
    // 200k tier: 200001 x 4 + 60 x 18 + 40 x 16 (inherited) = 800004 + 1080 + 640
    CHECK(price_with({.input = 200'001, .output = 100, .reasoning = 40}, resolved).micros() == 801'724);

    const price_book_tier bad[] = {{.size = 1000, .micros_per_million = {.cache_read = -1}}};
    row.tiers = bad;
    auto invalid = resolve_prices(config_with({}), row);
    CHECK(invalid.status == resolution_status::invalid);
    CHECK(invalid.error ==
          "price book anthropic/claude-sonnet-4 tier 1000: cache_read_price: "
          "-1 micro-dollars per 1M tokens is negative");

    const price_book_tier twice[] = {{.size = 1000}, {.size = 1000}};
    row.tiers = twice;
    CHECK(resolve_prices(config_with({}), row).error ==
          "price book anthropic/claude-sonnet-4: two tiers have the size 1000");
}

// ---- The same boundaries through a resolution, on both paths: price_with and total_cost ----

namespace {

// price_with's result, after checking that backfill's fast path gives the same total and status.
cost_result both_ways(const token_usage& usage, const price_resolution& resolution) {
    auto result = price_with(usage, resolution);
    CHECK(total_cost(usage, resolution) == total_of(result));
    return result;
}

unpriced_reason unpriced_why(const cost_result& result) {
    REQUIRE(result.unpriced() != nullptr);
    return result.unpriced()->reason;
}

}  // namespace

TEST_CASE("resolve_prices: a config's tiers at their size and one above, on both paths") {
    auto resolved = resolve_prices(tiered_config(), sonnet_book);
    // 272000 x 2.5 + 1000 x 15 = 695000; one more input token: 272001 x 5 + 1000 x 22.5 = 1382505.
    CHECK(both_ways({.input = 272'000, .output = 1000}, resolved).micros() == 695'000);
    CHECK(both_ways({.input = 272'001, .output = 1000}, resolved).micros() == 1'382'505);
    // The tier leaves cache_write out and so does the base: unknown at both levels, adds nothing.
    // 272001 x 0.5 (cache read, the context) = 136000.5 -> 136001
    CHECK(both_ways({.cache_read = 272'001, .cache_creation = 0}, resolved).micros() == 136'001);
}

TEST_CASE("resolve_prices: a config with only tiers is used whole, on both paths") {
    auto config = config_with({});
    config.tiers_json = gpt_tiers;
    auto resolved = resolve_prices(config, sonnet_book);
    REQUIRE(resolved.status == resolution_status::resolved);
    // At the size: the base, which has no price (the book's $3/M is not used).
    CHECK(unpriced_why(both_ways({.input = 272'000}, resolved)) == unpriced_reason::no_matching_category);
    // Above: 272001 x 5 + 10 x 22.5 = 1360005 + 225
    CHECK(both_ways({.input = 272'001, .output = 10}, resolved).micros() == 1'360'230);
}

TEST_CASE("resolve_prices: a config with only a reasoning price is used whole, on both paths") {
    auto config = config_with({});
    config.reasoning = {.nested = "30"};
    auto resolved = resolve_prices(config, sonnet_book);
    REQUIRE(resolved.status == resolution_status::resolved);
    // Output's own tokens have no price (not the book's $15/M): only reasoning counts.
    CHECK(both_ways({.output = 100, .reasoning = 40}, resolved).micros() == 1200);  // 40 x 30
    CHECK(both_ways({.output = 100, .reasoning = 100}, resolved).micros() == 3000);
    CHECK(both_ways({.output = 100, .reasoning = 0}, resolved).micros() == 0);
    CHECK(both_ways({.output = 100, .reasoning = 101}, resolved).invalid() != nullptr);
    CHECK(unpriced_why(both_ways({.input = 1000, .output = 100}, resolved)) ==
          unpriced_reason::no_matching_category);
}

TEST_CASE("resolve_prices: the price book's tiers at their boundaries, on both paths") {
    const price_book_tier tiers[] = {
        {.size = 128'000, .micros_per_million = {.input = 3'500'000}},
        {.size = 200'000, .micros_per_million = {.output = 18'000'000}, .reasoning_micros_per_million = 0},
    };
    auto row = book_row({.input = 2'000'000, .output = 12'000'000});
    row.reasoning_micros_per_million = 16'000'000;
    row.tiers = tiers;
    auto resolved = resolve_prices(config_with({}), row);
    REQUIRE(resolved.status == resolution_status::resolved);
    auto at = [&](std::int64_t input) {
        return both_ways({.input = input, .output = 100, .reasoning = 40}, resolved).micros();
    };
    CHECK(at(128'000) == 256'000 + 720 + 640);  // x 2, 60 x 12, 40 x 16
    CHECK(at(128'001) == 448'004 + 720 + 640);  // 128001 x 3.5 = 448003.5, + 1360, rounded up once
    CHECK(at(200'000) == 700'000 + 720 + 640);  // x 3.5
    CHECK(at(200'001) == 400'002 + 1080);       // x 2 (the base's, not 3.5), 60 x 18, reasoning free
    CHECK(both_ways({.output = 10, .reasoning = 11}, resolved).invalid() != nullptr);

    // A book row whose only prices are in a tier: unpriced below it, priced above.
    const price_book_tier only[] = {{.size = 100, .micros_per_million = {.input = 1'000'000}}};
    auto tiers_only = book_row({});
    tiers_only.tiers = only;
    auto from_tiers = resolve_prices(config_with({}), tiers_only);
    CHECK(unpriced_why(both_ways({.input = 100}, from_tiers)) == unpriced_reason::no_matching_category);
    CHECK(both_ways({.input = 101}, from_tiers).micros() == 101);
}

TEST_CASE("invalid_config_prices: every price that does not read, with its key and raw text") {
    auto config = config_with({.input = {.nested = "2,00"},
                               .output = {.nested = "-3"},
                               .cache_read = {.nested = "0.3", .legacy = "bad but shadowed"},
                               .cache_write = {.legacy = "-1"}});
    config.reasoning = {.nested = "x"};
    config.tiers_json = R"([{"tier": {"type": "context", "size": 1000}, "input": "1", "output": "-2"}])";
    auto invalid = invalid_config_prices(config);
    REQUIRE(invalid.size() == 5);
    CHECK(invalid[0].key == "options.cost.input_price_per_million_tokens");
    CHECK(invalid[0].raw_text == "2,00");
    CHECK(invalid[0].reason == "\"2,00\" is not a decimal number");
    CHECK(invalid[0].base_category == category::input);
    CHECK(invalid[1].key == "options.cost.output_price_per_million_tokens");
    CHECK(invalid[1].raw_text == "-3");
    CHECK(invalid[1].reason == "\"-3\" is negative");
    CHECK(invalid[2].key == "options.cache_write_price_per_million_tokens");  // legacy: its own place
    CHECK(invalid[2].base_category == category::cache_write);
    CHECK(invalid[3].key == "options.cost.reasoning_price_per_million_tokens");
    CHECK_FALSE(invalid[3].base_category.has_value());
    CHECK(invalid[4].key == "options.cost.tiers[0].output");
    CHECK(invalid[4].raw_text == "-2");

    // resolve_prices refuses the config at the first of them.
    CHECK(resolve_prices(config, std::nullopt).error ==
          "config 1b2c3d4e-0000-4000-8000-000000000001: input_price_per_million_tokens: "
          "\"2,00\" is not a decimal number");
    CHECK(invalid_config_prices(config_with({.input = {.nested = "3"}})).empty());
}
