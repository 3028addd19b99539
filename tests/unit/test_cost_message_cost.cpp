// src/cost/message_cost.cpp: DESIGN §2 rules 2-5, one table row per rule and edge, each also
// through the fast path (total_cost.hpp), which must agree.
// Expected costs are worked out by hand in the comments: tokens x (USD per 1M) = micro-dollars.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>
#include <variant>

#include "cost/message_cost.hpp"
#include "cost/total_cost.hpp"

using namespace chatcost::cost;

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

// Prices as the text a config holds; parsed by parse_price, whose own table is test_cost_price.cpp.
using price_texts = per_category<std::optional<std::string_view>>;

struct priced_as {
    std::int64_t micros;
    std::string_view exact;  // the unrounded sum in micro-dollars
};
struct invalid_as {
    std::string_view reason;
};
using expectation = std::variant<priced_as, unpriced_reason, invalid_as>;

struct message_case {
    std::string_view name;
    token_usage usage;
    price_texts prices;
    expectation expected;
};

// The four prices most rows use: $3/M in, $15/M out, $0.3/M cache read, $3.75/M cache write.
constexpr price_texts all_four{.input = "3", .output = "15", .cache_read = "0.3", .cache_write = "3.75"};

// clang-format off
const message_case message_cases[] = {
    // Rule 4: the three NULL paths, and what does not count as usage.
    {"no prices at all", {.input = 100, .output = 50}, {}, unpriced_reason::no_prices},
    {"no token column set", {}, all_four, unpriced_reason::no_tokens},
    {"no tokens and no prices", {}, {}, unpriced_reason::no_tokens},
    {"only reasoning set: usage, but never priced", {.reasoning = 500}, all_four,
     unpriced_reason::no_matching_category},
    {"input tokens, only an output price", {.input = 100}, {.output = "15"},
     unpriced_reason::no_matching_category},
    {"cache creation tokens, only a cache read price", {.cache_creation = 100}, {.cache_read = "0.3"},
     unpriced_reason::no_matching_category},
    {"cache read tokens, only a cache write price", {.cache_read = 100}, {.cache_write = "3.75"},
     unpriced_reason::no_matching_category},
    {"zero input tokens, only an output price", {.input = 0}, {.output = "15"},
     unpriced_reason::no_matching_category},
    {"input and output tokens, only cache prices", {.input = 10, .output = 10},
     {.cache_read = "0.3", .cache_write = "3.75"}, unpriced_reason::no_matching_category},

    // Zero is free, not unknown.
    {"zero tokens with a price", {.input = 0}, {.input = "3"}, priced_as{0, "0"}},
    {"zero tokens everywhere",
     {.input = 0, .output = 0, .reasoning = 0, .cache_read = 0, .cache_creation = 0}, all_four,
     priced_as{0, "0"}},
    {"a price of zero", {.input = 1'000'000}, {.input = "0"}, priced_as{0, "0"}},
    {"a price of -0 is zero", {.input = 1'000'000}, {.input = "-0"}, priced_as{0, "0"}},

    // Whole micro-dollars.
    {"1000 input at $3/M = 3000", {.input = 1000}, {.input = "3"}, priced_as{3000, "3000"}},
    // 1000*3 + 500*15 + 2000*0.3 + 100*3.75 = 3000 + 7500 + 600 + 375 = 11475
    {"all four categories", {.input = 1000, .output = 500, .cache_read = 2000, .cache_creation = 100},
     all_four, priced_as{11475, "11475"}},
    // 1000 cache creation tokens at the cache write price 3.75 = 3750
    {"cache creation is priced at the cache write price", {.cache_creation = 1000}, all_four,
     priced_as{3750, "3750"}},
    // 1000 * 0.3 = 300
    {"cache read at the cache read price", {.cache_read = 1000}, all_four, priced_as{300, "300"}},
    // 123456 * 3.75 = 462960
    {"realistic input at 3.75", {.input = 123'456}, {.input = "3.75"}, priced_as{462960, "462960"}},
    // 200000 * 0.075 = 15000
    {"200k tokens at 0.075", {.input = 200'000}, {.input = "0.075"}, priced_as{15000, "15000"}},

    // Rule 3: reasoning is inside output. 10*3 + 20*15 = 330, whatever reasoning says.
    {"reasoning not priced on its own", {.input = 10, .output = 20, .reasoning = 15}, all_four,
     priced_as{330, "330"}},
    {"reasoning equal to output is all of it", {.output = 20, .reasoning = 20}, all_four, priced_as{300, "300"}},
    {"reasoning without an output count is not compared", {.input = 10, .reasoning = 50}, all_four,
     priced_as{30, "30"}},
    // Rule 9: reasoning is inside output, so more of it than output is invalid usage data.
    {"reasoning larger than output is invalid", {.output = 0, .reasoning = 1'000'000}, all_four,
     invalid_as{"reasoning_tokens (1000000) is more than output_tokens (0), which include them"}},
    {"reasoning one more than output is invalid, even without prices", {.output = 7, .reasoning = 8}, {},
     invalid_as{"reasoning_tokens (8) is more than output_tokens (7), which include them"}},

    // Rule 4: a missing count or price inside the sum is 0. 100*3 = 300.
    {"missing output count counts as 0", {.input = 100}, all_four, priced_as{300, "300"}},
    {"missing output price counts as 0", {.input = 100, .output = 100}, {.input = "3"},
     priced_as{300, "300"}},

    // Rounding up, to whole micro-dollars.
    {"1 token at $0.01/M = 1 micro, not 0", {.input = 1}, {.input = "0.01"}, priced_as{1, "0.01"}},
    {"1 token at $0.000001/M", {.input = 1}, {.input = "0.000001"}, priced_as{1, "0.000001"}},
    {"1 token at the smallest price", {.input = 1}, {.input = "0.000000000001"},
     priced_as{1, "0.000000000001"}},
    {"3 tokens at 0.1 = 0.3", {.input = 3}, {.input = "0.1"}, priced_as{1, "0.3"}},
    {"exact .5 rounds up", {.input = 1}, {.input = "0.5"}, priced_as{1, "0.5"}},
    {"1 token at 2.5 = 2.5", {.input = 1}, {.input = "2.5"}, priced_as{3, "2.5"}},
    {"3 tokens at 0.5 = 1.5", {.output = 3}, {.output = "0.5"}, priced_as{2, "1.5"}},
    {"2 tokens at 0.5 = exactly 1, not rounded further", {.output = 2}, {.output = "0.5"}, priced_as{1, "1"}},
    {"7 tokens at 1.25 = 8.75", {.input = 7}, {.input = "1.25"}, priced_as{9, "8.75"}},
    // 999999999999 * 1e-12 = 0.999999999999
    {"just under one micro", {.input = 999'999'999'999}, {.input = "0.000000000001"},
     priced_as{1, "0.999999999999"}},
    {"exactly one micro from the smallest price", {.input = 1'000'000'000'000}, {.input = "0.000000000001"},
     priced_as{1, "1"}},
    {"one micro and .000000000001", {.input = 1'000'000'000'000, .output = 1},
     {.input = "0.000000000001", .output = "0.000000000001"}, priced_as{2, "1.000000000001"}},

    // Rule 2: round up once, after the sum.
    {"two halves make 1, not 2", {.input = 1, .output = 1}, {.input = "0.5", .output = "0.5"},
     priced_as{1, "1"}},
    // 0.3 + 0.3 + 0.3 + 0.1 = 1.0: rounding each would give 4.
    {"four fractions sum to exactly 1",
     {.input = 1, .output = 1, .cache_read = 1, .cache_creation = 1},
     {.input = "0.3", .output = "0.3", .cache_read = "0.3", .cache_write = "0.1"}, priced_as{1, "1"}},
    // 0.075 + 0.925 = 1
    {"0.075 and 0.925 make 1", {.input = 1, .cache_read = 1}, {.input = "0.925", .cache_read = "0.075"},
     priced_as{1, "1"}},
    // 0.5 + 0.6 = 1.1
    {"halves past one round to 2", {.input = 1, .output = 1}, {.input = "0.5", .output = "0.6"},
     priced_as{2, "1.1"}},

    // JSON number forms, exactly as written.
    {"price 1E+2", {.input = 3}, {.input = "1E+2"}, priced_as{300, "300"}},
    {"price 1e-2, 250 tokens = 2.5", {.input = 250}, {.input = "1e-2"}, priced_as{3, "2.5"}},

    // Rule 11: bounds. 10^12 tokens in one column is the most there is; 10^13 micro-dollars ($10 M)
    // the largest cost. Above either, invalid data named by column, never a wrap.
    {"10^12 tokens at the smallest price", {.input = 1'000'000'000'000}, {.input = "0.000000000001"},
     priced_as{1, "1"}},
    {"10^12 + 1 input tokens", {.input = 1'000'000'000'001}, all_four,
     invalid_as{"input_tokens is 1000000000001, above the largest plausible count, 1000000000000"}},
    {"10^12 + 1 output tokens", {.output = 1'000'000'000'001}, all_four,
     invalid_as{"output_tokens is 1000000000001, above the largest plausible count, 1000000000000"}},
    {"10^12 + 1 cache read tokens", {.cache_read = 1'000'000'000'001}, all_four,
     invalid_as{"cache_read_tokens is 1000000000001, above the largest plausible count, 1000000000000"}},
    {"10^12 + 1 cache creation tokens", {.cache_creation = 1'000'000'000'001}, all_four,
     invalid_as{"cache_creation_tokens is 1000000000001, above the largest plausible count, 1000000000000"}},
    {"10^12 + 1 reasoning tokens, though never priced", {.output = 1'000'000'000'000, .reasoning = 1'000'000'000'001},
     all_four,
     invalid_as{"reasoning_tokens is 1000000000001, above the largest plausible count, 1000000000000"}},
    {"INT64_MAX input tokens, already reported by backfill", {.input = int64_max}, {.input = "0.000000000001"},
     invalid_as{"input_tokens is 9223372036854775807, above the largest plausible count, 1000000000000"}},
    {"INT64_MAX tokens without prices", {.output = int64_max}, {},
     invalid_as{"output_tokens is 9223372036854775807, above the largest plausible count, 1000000000000"}},
    // 10^12 x $10/M = 10^13 micro-dollars: the largest cost there is.
    {"exactly $10 M", {.input = 1'000'000'000'000}, {.input = "10"},
     priced_as{10'000'000'000'000, "10000000000000"}},
    {"$10 M + 1e-12 micro-dollars", {.input = 1'000'000'000'000, .output = 1},
     {.input = "10", .output = "0.000000000001"},
     invalid_as{"the cost, 10000000000000.000000000001 micro-dollars, is above the largest plausible cost, "
                "10000000000000 ($10,000,000)"}},
    // 1000000 * 9223372.036854775807 = 9223372036854.775807, under 10^13
    {"the largest price, 1 token", {.input = 1}, {.input = "9223372.036854775807"},
     priced_as{9'223'373, "9223372.036854775807"}},
    {"the largest price, 1M tokens", {.input = 1'000'000}, {.input = "9223372.036854775807"},
     priced_as{9'223'372'036'855, "9223372036854.775807"}},
    // 4 x 10^12 x 9223372.036854775807: past int64 too, exact in 128 bits.
    {"every count at its bound and every price at its largest: no wrap",
     {.input = 1'000'000'000'000, .output = 1'000'000'000'000, .cache_read = 1'000'000'000'000,
      .cache_creation = 1'000'000'000'000},
     {.input = "9223372.036854775807", .output = "9223372.036854775807",
      .cache_read = "9223372.036854775807", .cache_write = "9223372.036854775807"},
     invalid_as{"the cost, 36893488147419103228 micro-dollars, is above the largest plausible cost, "
                "10000000000000 ($10,000,000)"}},

    // Rule 5: negative counts are invalid, whatever the prices, named by column.
    {"negative input", {.input = -1}, all_four, invalid_as{"input_tokens is negative: -1"}},
    {"negative output", {.input = 5, .output = -20}, all_four, invalid_as{"output_tokens is negative: -20"}},
    {"negative cache read", {.cache_read = -3}, all_four, invalid_as{"cache_read_tokens is negative: -3"}},
    {"negative cache creation", {.cache_creation = -5}, all_four,
     invalid_as{"cache_creation_tokens is negative: -5"}},
    {"negative reasoning, though never priced", {.output = 10, .reasoning = -2}, all_four,
     invalid_as{"reasoning_tokens is negative: -2"}},
    {"negative tokens without prices", {.input = -7}, {}, invalid_as{"input_tokens is negative: -7"}},
    {"INT64_MIN tokens", {.input = std::numeric_limits<std::int64_t>::min()}, all_four,
     invalid_as{"input_tokens is negative: -9223372036854775808"}},
    {"every bad column is named, not only the first", {.input = -1, .output = 5, .reasoning = 7, .cache_read = -3},
     all_four, invalid_as{"input_tokens is negative: -1; cache_read_tokens is negative: -3; reasoning_tokens (7) is "
                          "more than output_tokens (5), which include them"}},
};
// clang-format on

price_set parse_all(const price_texts& texts) {
    price_set prices;
    for (auto which : all_categories) {
        if (texts[which]) {
            auto parsed = parse_price(*texts[which]);
            REQUIRE_MESSAGE(parsed.ok(), parsed.error());
            prices[which] = parsed.value();
        }
    }
    return prices;
}

void check_against(const cost_result& result, const expectation& expected) {
    if (const auto* priced = std::get_if<priced_as>(&expected)) {
        REQUIRE(result.priced() != nullptr);
        CHECK(result.priced()->micros == priced->micros);
        CHECK(result.priced()->exact_text() == priced->exact);
        CHECK(result.micros() == priced->micros);
    } else if (const auto* reason = std::get_if<unpriced_reason>(&expected)) {
        REQUIRE(result.unpriced() != nullptr);
        CHECK(result.unpriced()->reason == *reason);
        CHECK(result.micros() == std::nullopt);
    } else {
        REQUIRE(result.invalid() != nullptr);
        CHECK(result.invalid()->reason == std::get<invalid_as>(expected).reason);
        CHECK(result.micros() == std::nullopt);
    }
}

}  // namespace

TEST_CASE("price_message: the table of rules") {
    static_assert(std::size(message_cases) >= 40);
    for (const auto& c : message_cases) {
        CAPTURE(c.name);
        auto prices = parse_all(c.prices);
        auto result = price_message(c.usage, prices);
        check_against(result, c.expected);
        // The fast path backfill uses gives the same total and status on every row.
        CHECK(total_cost(c.usage, prices) == total_of(result));
    }
}

TEST_CASE("price_message: exactly one kind of result") {
    auto priced = price_message({.input = 1}, parse_all({.input = "1"}));
    CHECK(priced.priced() != nullptr);
    CHECK(priced.unpriced() == nullptr);
    CHECK(priced.invalid() == nullptr);

    auto unpriced = price_message({}, {});
    CHECK(unpriced.priced() == nullptr);
    CHECK(unpriced.unpriced() != nullptr);
    CHECK(unpriced.invalid() == nullptr);
}

TEST_CASE("price_message: lines show each category for explain") {
    // 7 input at 1.25 = 8.75; 2 output at 15 = 30; cache read set without a price; no cache write tokens.
    auto result = price_message({.input = 7, .output = 2, .reasoning = 1, .cache_read = 40},
                                parse_all({.input = "1.25", .output = "15", .cache_write = "3.75"}));
    REQUIRE(result.priced() != nullptr);
    const auto& lines = result.priced()->lines;

    CHECK(lines.input.counted());
    CHECK(lines.input.tokens == 7);
    CHECK(lines.input.unit_price->to_string() == "1.25");
    CHECK(lines.input.exact_text() == "8.75");

    CHECK(lines.output.counted());
    CHECK(lines.output.exact_text() == "30");

    CHECK_FALSE(lines.cache_read.counted());
    CHECK(lines.cache_read.tokens == 40);
    CHECK(lines.cache_read.unit_price == std::nullopt);
    CHECK(lines.cache_read.exact_text() == "0");

    CHECK_FALSE(lines.cache_write.counted());
    CHECK(lines.cache_write.tokens == std::nullopt);
    CHECK(lines.cache_write.unit_price->to_string() == "3.75");

    // 8.75 + 30 = 38.75, rounded up once.
    CHECK(result.priced()->exact_text() == "38.75");
    CHECK(result.micros() == 39);
}

TEST_CASE("unpriced reasons have stable names and readable text") {
    CHECK(name(unpriced_reason::no_tokens) == "no_tokens");
    CHECK(name(unpriced_reason::no_model_config) == "no_model_config");
    CHECK(name(unpriced_reason::no_prices) == "no_prices");
    CHECK(name(unpriced_reason::no_matching_category) == "no_matching_category");
    CHECK(describe(unpriced_reason::no_prices) == "no price is known");
    CHECK(describe(unpriced_reason::no_matching_category) == "no category has both tokens and a price");
}
