// src/cost/price_schedule.cpp, and the rules it brings to price_message and total_cost: DESIGN §2
// rule 8 (long-context tiers) and rule 9 (reasoning prices). Every pricing case runs through
// both paths, the explain-grade price_message and the fast total_cost, which must agree.
// Expected costs are worked out in the comments: tokens x (USD per 1M) = micro-dollars.

#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "cost/message_cost.hpp"
#include "cost/price_schedule.hpp"
#include "cost/total_cost.hpp"

using namespace chatcost::cost;

namespace {

price usd(std::string_view text) {
    auto parsed = parse_price(text);
    REQUIRE_MESSAGE(parsed.ok(), parsed.error());
    return parsed.value();
}

price_schedule schedule_of(const price_set& base, std::optional<price> reasoning,
                           std::vector<context_tier> tiers) {
    auto made = price_schedule::with_tiers(base, reasoning, std::move(tiers));
    REQUIRE_MESSAGE(made.ok(), made.error());
    return made.value();
}

// Prices `usage` both ways; the explain-grade result, after checking that the fast path agrees.
cost_result priced_both_ways(const token_usage& usage, const price_schedule& schedule) {
    auto result = price_message(usage, schedule);
    CHECK(total_cost(usage, schedule) == total_of(result));
    return result;
}

// The models.dev shape of openai/gpt-5.4, with a cache write price so that the tier, which
// leaves cache_write out, has one to inherit: above 272,000 tokens of context, 5 / 22.5 / 0.5.
price_schedule gpt_like() {
    return schedule_of(
        {.input = usd("2.50"), .output = usd("15.00"), .cache_read = usd("0.25"), .cache_write = usd("3")},
        std::nullopt,
        {{.size = 272'000,
          .prices = {.input = usd("5.00"), .output = usd("22.50"), .cache_read = usd("0.50")}}});
}

}  // namespace

TEST_CASE("price_schedule: a price set is a schedule without tiers or reasoning price") {
    price_set flat{.input = usd("3"), .cache_write = usd("3.75")};
    price_schedule schedule = flat;
    CHECK(schedule.base_prices() == flat);
    CHECK(schedule.reasoning_price() == std::nullopt);
    CHECK(schedule.tier_count() == 0);
    CHECK(schedule.tiers().empty());
    CHECK(schedule.has_any_price());
    CHECK_FALSE(price_schedule{}.has_any_price());
    CHECK_FALSE(price_schedule(price_set{}).has_any_price());
    CHECK(price_schedule(price_set{}, usd("4")).has_any_price());  // a reasoning price alone is a price
}

TEST_CASE("price_schedule: tiers are kept by size, as given, whatever their order") {
    auto schedule = schedule_of({.input = usd("1")}, usd("9"),
                                {{.size = 200'000, .prices = {.input = usd("2")}},
                                 {.size = 128'000, .prices = {.input = usd("1.5")}, .reasoning = usd("12")}});
    REQUIRE(schedule.tier_count() == 2);
    auto tiers = schedule.tiers();
    CHECK(tiers[0] == context_tier{.size = 128'000, .prices = {.input = usd("1.5")}, .reasoning = usd("12")});
    CHECK(tiers[1] ==
          context_tier{.size = 200'000, .prices = {.input = usd("2")}});  // nothing inherited shows
    CHECK(schedule.reasoning_price() == usd("9"));
}

TEST_CASE("price_schedule: tier sizes must be positive and distinct") {
    auto fails = [](std::vector<context_tier> tiers, std::string_view why) {
        auto made = price_schedule::with_tiers({.input = usd("1")}, std::nullopt, std::move(tiers));
        REQUIRE_FALSE(made.ok());
        CHECK(made.error() == why);
    };
    fails({{.size = 0}}, "tier size 0 is not a positive number of tokens");
    fails({{.size = 1000}, {.size = -5}}, "tier size -5 is not a positive number of tokens");
    fails({{.size = 200'000}, {.size = 128'000}, {.size = 200'000}}, "two tiers have the size 200000");
    CHECK(price_schedule::with_tiers({}, std::nullopt, {{.size = 1}}).ok());
}

TEST_CASE("price_schedule: a schedule whose only prices are in a tier has a price") {
    auto schedule = schedule_of({}, std::nullopt, {{.size = 100, .prices = {.input = usd("1")}}});
    CHECK(schedule.has_any_price());
    // Below the tier, nothing prices the input: no category has both tokens and a price.
    auto below = priced_both_ways({.input = 100}, schedule);
    REQUIRE(below.unpriced() != nullptr);
    CHECK(below.unpriced()->reason == unpriced_reason::no_matching_category);
    CHECK(priced_both_ways({.input = 101}, schedule).micros() == 101);  // 101 x 1
}

TEST_CASE("tiers: a context exactly at the size is priced at the base") {
    // 272000 x 2.5 = 680000
    auto result = priced_both_ways({.input = 272'000}, gpt_like());
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 680'000);
    CHECK(result.priced()->tier_size == std::nullopt);
    CHECK(result.priced()->context == 272'000);
    CHECK(result.priced()->lines.input.unit_price == usd("2.5"));
}

TEST_CASE("tiers: one token above the size prices the whole message at the tier") {
    // 272001 x 5 + 1000 x 22.5 = 1360005 + 22500 = 1382505: output at the tier's price too.
    auto result = priced_both_ways({.input = 272'001, .output = 1000}, gpt_like());
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 1'382'505);
    CHECK(result.priced()->tier_size == 272'000);
    CHECK(result.priced()->context == 272'001);
    CHECK(result.priced()->lines.output.unit_price == usd("22.5"));
}

TEST_CASE("tiers: the context is input + cache read + cache creation, not output") {
    // 100000 + 100000 + 72001 = 272001 > 272000: the tier. 100000 x 5 + 100000 x 0.5 + 72001 x 3
    // (cache_write, which the tier leaves out: the base's 3) = 500000 + 50000 + 216003 = 766003.
    auto result =
        priced_both_ways({.input = 100'000, .cache_read = 100'000, .cache_creation = 72'001}, gpt_like());
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 766'003);
    CHECK(result.priced()->context == 272'001);
    CHECK(result.priced()->lines.cache_write.unit_price == usd("3"));

    // Output, however large, does not count: 272000 x 2.5 + 1000000 x 15 = 680000 + 15000000.
    auto output_heavy = priced_both_ways({.input = 272'000, .output = 1'000'000}, gpt_like());
    CHECK(output_heavy.micros() == 15'680'000);
    CHECK(output_heavy.priced()->tier_size == std::nullopt);
}

TEST_CASE("tiers: a tier that leaves a category out inherits the base's price, unknown stays unknown") {
    auto schedule = schedule_of({.input = usd("1"), .output = usd("2")}, std::nullopt,
                                {{.size = 10, .prices = {.input = usd("10")}}});
    // 11 x 10 + 5 x 2 (inherited) = 120; cache read has no price at either level.
    auto result = priced_both_ways({.input = 11, .output = 5, .cache_read = 7}, schedule);
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 120);
    CHECK(result.priced()->lines.output.unit_price == usd("2"));
    CHECK_FALSE(result.priced()->lines.cache_read.counted());
}

TEST_CASE("tiers: with two tiers, the largest one exceeded wins") {
    auto schedule = schedule_of({.input = usd("1")}, std::nullopt,
                                {{.size = 200'000, .prices = {.input = usd("2")}},
                                 {.size = 128'000, .prices = {.input = usd("1.5")}}});
    auto at = [&](std::int64_t input) { return priced_both_ways({.input = input}, schedule); };
    CHECK(at(128'000).micros() == 128'000);  // x 1, the base
    CHECK(at(128'001).micros() == 192'002);  // 128001 x 1.5 = 192001.5, rounded up
    CHECK(at(128'001).priced()->tier_size == 128'000);
    CHECK(at(200'000).micros() == 300'000);  // x 1.5
    CHECK(at(200'001).micros() == 400'002);  // x 2
    CHECK(at(200'001).priced()->tier_size == 200'000);
}

TEST_CASE("tiers: a message without usage, or with bad usage, is not priced at any tier") {
    auto none = priced_both_ways({}, gpt_like());
    REQUIRE(none.unpriced() != nullptr);
    CHECK(none.unpriced()->reason == unpriced_reason::no_tokens);
    CHECK(priced_both_ways({.input = -1}, gpt_like()).invalid() != nullptr);
}

// Rule 9: a reasoning price of 30 beside an output price of 12 (gemini-like, made distinct).
TEST_CASE("reasoning price: reasoning at its price, the rest of output at output's") {
    price_schedule schedule(price_set{.input = usd("2"), .output = usd("12")}, usd("30"));

    SUBCASE("no reasoning tokens: all output at 12") {
        auto result = priced_both_ways({.output = 100, .reasoning = 0}, schedule);
        CHECK(result.micros() == 1200);
        CHECK(result.priced()->reasoning.counted());
        CHECK(result.priced()->reasoning.exact_text() == "0");
    }
    SUBCASE("reasoning = output: all of it at 30") {
        auto result = priced_both_ways({.output = 100, .reasoning = 100}, schedule);
        CHECK(result.micros() == 3000);
        CHECK(result.priced()->lines.output.tokens == 0);
        CHECK(result.priced()->lines.output.exact_text() == "0");
    }
    SUBCASE("a split: 10 x 2 + 60 x 12 + 40 x 30 = 20 + 720 + 1200") {
        auto result = priced_both_ways({.input = 10, .output = 100, .reasoning = 40}, schedule);
        REQUIRE(result.priced() != nullptr);
        const auto& cost = *result.priced();
        CHECK(cost.micros == 1940);
        CHECK(cost.reasoning_split());
        CHECK(cost.lines.output.tokens == 60);
        CHECK(cost.lines.output.exact_text() == "720");
        CHECK(cost.reasoning.tokens == 40);
        CHECK(cost.reasoning.unit_price == usd("30"));
        CHECK(cost.reasoning.exact_text() == "1200");
    }
    SUBCASE("reasoning above output is invalid usage data") {
        auto result = priced_both_ways({.output = 100, .reasoning = 101}, schedule);
        REQUIRE(result.invalid() != nullptr);
        CHECK(result.invalid()->reason.find("reasoning_tokens (101)") != std::string::npos);
    }
    SUBCASE("only reasoning tokens: priced at the reasoning price (output unknown, not 0)") {
        auto result = priced_both_ways({.reasoning = 50}, schedule);
        CHECK(result.micros() == 1500);  // 50 x 30
        CHECK(result.priced()->lines.output.tokens == std::nullopt);
    }
    SUBCASE("no reasoning count: all output at 12") {
        CHECK(priced_both_ways({.output = 100}, schedule).micros() == 1200);
    }
    SUBCASE("reasoning at 1/3 of a micro each: rounded once, after the sum") {
        price_schedule thirds(price_set{.output = usd("0.5")}, usd("0.333333333333"));
        // 1 x 0.5 + 3 x 0.333333333333 = 0.5 + 0.999999999999 = 1.499999999999 -> 2
        auto result = priced_both_ways({.output = 4, .reasoning = 3}, thirds);
        CHECK(result.micros() == 2);
        CHECK(result.priced()->exact_text() == "1.499999999999");
    }
}

TEST_CASE("reasoning price: the reasoning line counts as a category for no_matching_category") {
    price_schedule reasoning_only(price_set{}, usd("30"));
    // Output has no price, reasoning has: 40 x 30 = 1200; output's own 60 tokens add nothing.
    auto result = priced_both_ways({.output = 100, .reasoning = 40}, reasoning_only);
    CHECK(result.micros() == 1200);
    CHECK_FALSE(result.priced()->lines.output.counted());
    // Without reasoning tokens nothing has both tokens and a price.
    auto nothing = priced_both_ways({.input = 5, .output = 100}, reasoning_only);
    REQUIRE(nothing.unpriced() != nullptr);
    CHECK(nothing.unpriced()->reason == unpriced_reason::no_matching_category);
}

TEST_CASE("no reasoning price: reasoning is never priced on its own (rule 3)") {
    price_schedule schedule(price_set{.output = usd("12")});
    auto result = priced_both_ways({.output = 100, .reasoning = 40}, schedule);
    CHECK(result.micros() == 1200);
    CHECK_FALSE(result.priced()->reasoning_split());
    CHECK(result.priced()->lines.output.tokens == 100);
    CHECK(result.priced()->reasoning.tokens == 40);
    CHECK_FALSE(result.priced()->reasoning.counted());

    auto only_reasoning = priced_both_ways({.reasoning = 40}, schedule);
    REQUIRE(only_reasoning.unpriced() != nullptr);
    CHECK(only_reasoning.unpriced()->reason == unpriced_reason::no_matching_category);
}

TEST_CASE("reasoning price and tiers: a tier's reasoning price replaces the base's, else inherits it") {
    auto schedule = schedule_of({.output = usd("12")}, usd("30"),
                                {{.size = 1000, .prices = {.output = usd("18")}},
                                 {.size = 2000, .prices = {.output = usd("20")}, .reasoning = usd("40")}});
    auto at = [&](std::int64_t input) {
        return priced_both_ways({.input = input, .output = 10, .reasoning = 4}, schedule);
    };
    CHECK(at(1000).micros() == 6 * 12 + 4 * 30);  // the base
    CHECK(at(1001).micros() == 6 * 18 + 4 * 30);  // the first tier, the base's reasoning price
    CHECK(at(2001).micros() == 6 * 20 + 4 * 40);  // the second tier, its own
    CHECK(at(1001).priced()->reasoning.unit_price == usd("30"));

    // A reasoning price only in a tier: below it, rule 3 (all output at output's price).
    auto tier_only = schedule_of({.output = usd("12")}, std::nullopt,
                                 {{.size = 1000, .prices = {}, .reasoning = usd("30")}});
    CHECK(priced_both_ways({.input = 1000, .output = 10, .reasoning = 4}, tier_only).micros() == 120);
    CHECK(priced_both_ways({.input = 1001, .output = 10, .reasoning = 4}, tier_only).micros() ==
          6 * 12 + 4 * 30);
}

TEST_CASE("bounds apply at every level, the same on both paths") {
    auto schedule = schedule_of({.input = usd("1")}, usd("1"), {{.size = 10, .prices = {.input = usd("2")}}});
    CHECK(priced_both_ways({.input = largest_token_count}, schedule).micros() == 2 * largest_token_count);
    CHECK(priced_both_ways({.input = largest_token_count + 1}, schedule).invalid() != nullptr);
    CHECK(priced_both_ways({.reasoning = largest_token_count + 1}, schedule).invalid() != nullptr);
    // $10M exactly is the largest cost: 10^12 tokens at $10/M = 10^13 micros; a hair more is invalid.
    price_schedule ten(price_set{.input = usd("10"), .output = usd("0.000000000001")});
    CHECK(priced_both_ways({.input = largest_token_count}, ten).micros() == largest_cost_micros);
    CHECK(priced_both_ways({.input = largest_token_count, .output = 1}, ten).invalid() != nullptr);
}

TEST_CASE("tiers: a context of cache tokens exactly at the size is priced at the base") {
    // 100000 + 100000 + 72000 = 272000, not above 272000: 100000 x 2.5 + 100000 x 0.25 + 72000 x 3
    // = 250000 + 25000 + 216000 = 491000.
    auto result =
        priced_both_ways({.input = 100'000, .cache_read = 100'000, .cache_creation = 72'000}, gpt_like());
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 491'000);
    CHECK(result.priced()->context == 272'000);
    CHECK(result.priced()->tier_size == std::nullopt);
    // Only cache tokens, one above: 272001 x 0.5 = 136000.5, rounded up.
    auto above = priced_both_ways({.cache_read = 272'001}, gpt_like());
    CHECK(above.micros() == 136'001);
    CHECK(above.priced()->tier_size == 272'000);
}

TEST_CASE("tiers: a tier's free price is a price, not left out: it is not inherited") {
    auto schedule = schedule_of({.input = usd("1"), .output = usd("2")}, std::nullopt,
                                {{.size = 10, .prices = {.input = usd("0")}}});
    // 11 x 0 + 5 x 2 (inherited) = 10
    auto result = priced_both_ways({.input = 11, .output = 5}, schedule);
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 10);
    CHECK(result.priced()->lines.input.counted());
    CHECK(result.priced()->lines.input.unit_price == usd("0"));
    // Input alone above the size: priced, at 0, not unpriced.
    CHECK(priced_both_ways({.input = 11}, schedule).micros() == 0);
}

TEST_CASE("tiers: a tier that sets no price of its own prices at the base, and still applies") {
    auto schedule = schedule_of({.input = usd("1"), .output = usd("2")}, usd("3"), {{.size = 10}});
    // 11 x 1 + 2 x 2 + 3 x 3 = 11 + 4 + 9 = 24, every price inherited
    auto result = priced_both_ways({.input = 11, .output = 5, .reasoning = 3}, schedule);
    REQUIRE(result.priced() != nullptr);
    CHECK(result.priced()->micros == 24);
    CHECK(result.priced()->tier_size == 10);
    CHECK(result.priced()->reasoning.unit_price == usd("3"));
    CHECK(schedule.tiers()[0] == context_tier{.size = 10});  // nothing of its own
}

TEST_CASE("tiers: three tiers in any order; a tier inherits from the base, never from a smaller tier") {
    auto schedule = schedule_of({.input = usd("1"), .output = usd("2")}, std::nullopt,
                                {{.size = 200, .prices = {.input = usd("3")}},
                                 {.size = 300, .prices = {.input = usd("4")}},
                                 {.size = 100, .prices = {.input = usd("2"), .output = usd("5")}}});
    // The context from cache tokens only (input has no tokens): cache has no price anywhere,
    // so the output line alone tells the level.
    auto output_price_at = [&](std::int64_t cache_read, std::int64_t cache_creation) {
        auto result = priced_both_ways(
            {.output = 1'000'000, .cache_read = cache_read, .cache_creation = cache_creation}, schedule);
        REQUIRE(result.priced() != nullptr);
        return result.priced()->micros;
    };
    CHECK(output_price_at(50, 50) == 2'000'000);    // 100: the base
    CHECK(output_price_at(50, 51) == 5'000'000);    // 101: tier 100, its own output price
    CHECK(output_price_at(100, 100) == 5'000'000);  // 200: still tier 100
    CHECK(output_price_at(100, 101) == 2'000'000);  // 201: tier 200, output from the base, not 5
    CHECK(output_price_at(150, 151) == 2'000'000);  // 301: tier 300, output from the base
    // With input tokens: 301 x 4 = 1204, 300 x 3 = 900, 101 x 2 = 202.
    CHECK(priced_both_ways({.input = 301}, schedule).micros() == 1204);
    CHECK(priced_both_ways({.input = 301}, schedule).priced()->tier_size == 300);
    CHECK(priced_both_ways({.input = 300}, schedule).micros() == 900);
    CHECK(priced_both_ways({.input = 101}, schedule).micros() == 202);
}

TEST_CASE("reasoning price at a tier: reasoning = 0, = output, > output") {
    auto schedule = schedule_of({.output = usd("12")}, usd("30"),
                                {{.size = 1000, .prices = {.output = usd("18")}},
                                 {.size = 2000, .prices = {.output = usd("20")}, .reasoning = usd("40")}});
    auto at = [&](std::int64_t input, std::int64_t reasoning) {
        return priced_both_ways({.input = input, .output = 10, .reasoning = reasoning}, schedule);
    };
    CHECK(at(1001, 0).micros() == 10 * 18);   // all output at the tier's output price
    CHECK(at(1001, 10).micros() == 10 * 30);  // all of it at the inherited reasoning price
    CHECK(at(1001, 10).priced()->lines.output.tokens == 0);
    CHECK(at(2001, 0).micros() == 10 * 20);
    CHECK(at(2001, 10).micros() == 10 * 40);
    REQUIRE(at(1001, 11).invalid() != nullptr);  // at any level
    REQUIRE(at(2001, 11).invalid() != nullptr);
    REQUIRE(at(5, 11).invalid() != nullptr);
    // Zero reasoning tokens and nothing else is usage, priced at 0 by the reasoning price.
    auto zero = priced_both_ways({.reasoning = 0}, schedule);
    REQUIRE(zero.priced() != nullptr);
    CHECK(zero.priced()->micros == 0);
    CHECK(zero.priced()->reasoning.counted());
}
