// src/cost/price.cpp and src/cost/exact_units.cpp: exact prices from text and from the price book.
// Every expected unit count is written out by hand: 1 unit = 1e-12 USD per 1M tokens.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "cost/exact_units.hpp"
#include "cost/price.hpp"

using namespace chatcost::cost;

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

struct rejected {
    std::string_view message;  // the whole error text
};

struct parse_case {
    std::string_view text;
    std::variant<std::int64_t, rejected> expected;  // units, or the error
};

// clang-format off
const parse_case parse_cases[] = {
    // Plain decimals, as in a JSON string's content or a JSON number token.
    {"3.75",                  std::int64_t{3'750'000'000'000}},
    {"3",                     std::int64_t{3'000'000'000'000}},
    {"15",                    std::int64_t{15'000'000'000'000}},
    {"0.3",                   std::int64_t{300'000'000'000}},
    {"0.075",                 std::int64_t{75'000'000'000}},
    {"1.25",                  std::int64_t{1'250'000'000'000}},
    {"0.10",                  std::int64_t{100'000'000'000}},
    {"0.000001",              std::int64_t{1'000'000}},
    {"0.000000000001",        std::int64_t{1}},
    {"0",                     std::int64_t{0}},
    // JSON's -0 is zero, not a negative price.
    {"-0",                    std::int64_t{0}},
    {"-0.0",                  std::int64_t{0}},
    {"-0e5",                  std::int64_t{0}},
    {"0e99999999999999999999", std::int64_t{0}},
    {"0.0000000000000000000", std::int64_t{0}},
    // Exponents, exactly as written: no binary rounding on the way.
    {"1E+2",                  std::int64_t{100'000'000'000'000}},
    {"1e2",                   std::int64_t{100'000'000'000'000}},
    {"1e-2",                  std::int64_t{10'000'000'000}},
    {"1e-12",                 std::int64_t{1}},
    {"100e-2",                std::int64_t{1'000'000'000'000}},
    {"123.456e-3",            std::int64_t{123'456'000'000}},
    {"3.75E0",                std::int64_t{3'750'000'000'000}},
    // Zeros past the 12th place are exact, so fine.
    {"1.0000000000000000",    std::int64_t{1'000'000'000'000}},
    {"1.2500000000000000000000000000e0", std::int64_t{1'250'000'000'000}},
    {"0.0000000000010",       std::int64_t{1}},
    // The largest price and its neighbours.
    {"9223372.036854775807",  std::int64_t{int64_max}},
    {"9223372036854775807e-12", std::int64_t{int64_max}},
    {"9e6",                   std::int64_t{9'000'000'000'000'000'000}},
    {"9223372.036854775808",  rejected{"\"9223372.036854775808\" is above the largest price, "
                                       "9223372.036854775807 USD per 1M tokens"}},
    {"1e7",                   rejected{"\"1e7\" is above the largest price, "
                                       "9223372.036854775807 USD per 1M tokens"}},
    {"1e99999999999999999999", rejected{"\"1e99999999999999999999\" is above the largest price, "
                                        "9223372.036854775807 USD per 1M tokens"}},
    // 2^64 + 2: an exponent that wrapped around would read this as 1e2.
    {"1e18446744073709551618", rejected{"\"1e18446744073709551618\" is above the largest price, "
                                        "9223372.036854775807 USD per 1M tokens"}},
    // A 13th significant fractional digit is never rounded away.
    {"0.0000000000001",       rejected{"\"0.0000000000001\" has more than 12 fractional digits"}},
    {"1e-13",                 rejected{"\"1e-13\" has more than 12 fractional digits"}},
    {"0.30000000000000004",   rejected{"\"0.30000000000000004\" has more than 12 fractional digits"}},
    {"3.7500000000001",       rejected{"\"3.7500000000001\" has more than 12 fractional digits"}},
    {"1e-99999999999999999999", rejected{"\"1e-99999999999999999999\" has more than 12 fractional digits"}},
    // 2^64 + 12: an exponent that wrapped around would read this as 5e-12.
    {"5e-18446744073709551628", rejected{"\"5e-18446744073709551628\" has more than 12 fractional digits"}},
    // Negative.
    {"-3",                    rejected{"\"-3\" is negative"}},
    {"-0.000000000001",       rejected{"\"-0.000000000001\" is negative"}},
    {"-1e-13",                rejected{"\"-1e-13\" is negative"}},
    // Not JSON numbers.
    {"",                      rejected{"\"\" is not a decimal number"}},
    {" ",                     rejected{"\" \" is not a decimal number"}},
    {" 3",                    rejected{"\" 3\" is not a decimal number"}},
    {"3 ",                    rejected{"\"3 \" is not a decimal number"}},
    {"+3",                    rejected{"\"+3\" is not a decimal number"}},
    {"03",                    rejected{"\"03\" is not a decimal number"}},
    {"00",                    rejected{"\"00\" is not a decimal number"}},
    {".5",                    rejected{"\".5\" is not a decimal number"}},
    {"5.",                    rejected{"\"5.\" is not a decimal number"}},
    {"1e",                    rejected{"\"1e\" is not a decimal number"}},
    {"1e+",                   rejected{"\"1e+\" is not a decimal number"}},
    {"1..2",                  rejected{"\"1..2\" is not a decimal number"}},
    {"--1",                   rejected{"\"--1\" is not a decimal number"}},
    {"3,75",                  rejected{"\"3,75\" is not a decimal number"}},
    {"1_000",                 rejected{"\"1_000\" is not a decimal number"}},
    {"NaN",                   rejected{"\"NaN\" is not a decimal number"}},
    {"Infinity",              rejected{"\"Infinity\" is not a decimal number"}},
    {"-Infinity",             rejected{"\"-Infinity\" is not a decimal number"}},
    {"inf",                   rejected{"\"inf\" is not a decimal number"}},
    {"0x10",                  rejected{"\"0x10\" is not a decimal number"}},
    {"abc",                   rejected{"\"abc\" is not a decimal number"}},
    {"true",                  rejected{"\"true\" is not a decimal number"}},
    // The caller forgot to take the quotes off a JSON string: quotes are escaped in the message.
    {"\"3.75\"",              rejected{"\"\\\"3.75\\\"\" is not a decimal number"}},
};
// clang-format on

}  // namespace

TEST_CASE("parse_price: every form, exactly as written") {
    for (const auto& c : parse_cases) {
        CAPTURE(c.text);
        auto result = parse_price(c.text);
        if (const auto* units = std::get_if<std::int64_t>(&c.expected)) {
            REQUIRE_MESSAGE(result.ok(), result.error());
            CHECK(result.value().units() == *units);
            CHECK(result.error().empty());
        } else {
            REQUIRE_FALSE(result.ok());
            CHECK(result.error() == std::get<rejected>(c.expected).message);
        }
    }
}

TEST_CASE("parse_price: the offending text is quoted, escaped and cut to 40 bytes") {
    auto long_text = parse_price("1234567890123456789012345678901234567890abcdefghij");
    CHECK(long_text.error() == "\"1234567890123456789012345678901234567890\"… is not a decimal number");

    auto control = parse_price("a\\b\n");
    CHECK(control.error() == "\"a\\\\b\\x0a\" is not a decimal number");

    // 39 bytes, then a two-byte character across the limit: it is left out whole.
    std::string across(39, 'x');
    across += "\xC3\xA9yyy";
    CHECK(parse_price(across).error() == "\"" + std::string(39, 'x') + "\"… is not a decimal number");
}

TEST_CASE("price::to_string: exact, without trailing zeros") {
    CHECK(price::from_units(3'750'000'000'000).to_string() == "3.75");
    CHECK(price::from_units(1'000'000).to_string() == "0.000001");
    CHECK(price::from_units(1).to_string() == "0.000000000001");
    CHECK(price::from_units(0).to_string() == "0");
    CHECK(price().to_string() == "0");
    CHECK(price::from_units(10'000'000'000'000).to_string() == "10");
    CHECK(price::from_units(100'000'000'000'000'000).to_string() == "100000");
    CHECK(price::from_units(75'000'000'000).to_string() == "0.075");
    CHECK(price::from_units(int64_max).to_string() == "9223372.036854775807");
}

TEST_CASE("to_decimal_text: the whole 128-bit range") {
    exact_units largest = ~exact_units{0};  // 2^128 - 1 = 340282366920938463463374607431768211455
    CHECK(to_decimal_text(largest) == "340282366920938463463374607.431768211455");
    CHECK(to_decimal_text(exact_units{500'000'000'000}) == "0.5");
    CHECK(to_decimal_text(exact_units{1'000'000'000'000}) == "1");
}

TEST_CASE("price::from_units refuses a negative count: it is a bug, not data") {
    CHECK_THROWS_AS(price::from_units(-1), std::out_of_range);
}

TEST_CASE("price::from_micros_per_million: the price book's integers, exactly") {
    CHECK(price::from_micros_per_million(3'000'000).value().units() == 3'000'000'000'000);
    CHECK(price::from_micros_per_million(75'000).value().units() == 75'000'000'000);
    CHECK(price::from_micros_per_million(1).value().units() == 1'000'000);
    CHECK(price::from_micros_per_million(0).value().units() == 0);
    // The largest that fits: 9223372036854 x 1e6 = 9223372036854000000 <= 9223372036854775807.
    CHECK(price::from_micros_per_million(9'223'372'036'854).value().units() == 9'223'372'036'854'000'000);

    auto too_large = price::from_micros_per_million(9'223'372'036'855);
    REQUIRE_FALSE(too_large.ok());
    CHECK(too_large.error() ==
          "9223372036855 micro-dollars per 1M tokens is above the largest price, "
          "9223372.036854775807 USD per 1M tokens");
    CHECK_FALSE(price::from_micros_per_million(int64_max).ok());

    auto negative = price::from_micros_per_million(-1);
    REQUIRE_FALSE(negative.ok());
    CHECK(negative.error() == "-1 micro-dollars per 1M tokens is negative");
}

TEST_CASE("parse_result: reading a missing value is a bug") {
    auto bad = parse_price("abc");
    CHECK_FALSE(bad);
    CHECK_THROWS_AS((void)bad.value(), std::logic_error);
}

TEST_CASE("price: ordered by value") {
    CHECK(parse_price("0.3").value() < parse_price("3").value());
    CHECK(parse_price("1e-2").value() == parse_price("0.01").value());
}
