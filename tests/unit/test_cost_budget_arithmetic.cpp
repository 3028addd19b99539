// src/cost/budget_arithmetic.cpp: budget amounts read exactly, the share spent, the projection
// to the end of the period and the state. Every expected figure is worked out by hand.

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "cost/budget_arithmetic.hpp"

using namespace chatcost::cost;

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

std::string error_of(std::string_view text) {
    auto parsed = parse_dollar_amount(text);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error();
}

}  // namespace

TEST_CASE("budget amounts are exact dollars read into micro-dollars") {
    CHECK(parse_dollar_amount("12.50").value() == 12'500'000);
    CHECK(parse_dollar_amount("$12.50").value() == 12'500'000);
    CHECK(parse_dollar_amount("1000").value() == 1'000'000'000);
    CHECK(parse_dollar_amount("0.000001").value() == 1);
    CHECK(parse_dollar_amount("0.1").value() == 100'000);
    CHECK(parse_dollar_amount("7.1234560000").value() == 7'123'456);  // zeros past the sixth: exact
    CHECK(parse_dollar_amount("9223372036854.775807").value() == int64_max);
}

TEST_CASE("bad budget amounts are refused, naming the text and why") {
    CHECK(error_of("1e3") == "'1e3' has an exponent: write the amount in plain digits (1000, not 1e3)");
    CHECK(error_of("-5") == "'-5' is negative: a budget is above $0");
    CHECK(error_of("0") == "'0' is $0: a budget is above $0 (unset it to have none)");
    CHECK(error_of("$0.000000") == "'$0.000000' is $0: a budget is above $0 (unset it to have none)");
    CHECK(error_of("1.0000001") ==
          "'1.0000001' has more than 6 decimals: micro-dollars ($0.000001) are the smallest amount");
    CHECK(error_of("9223372036854.775808") ==
          "'9223372036854.775808' is too large: the largest budget is $9223372036854.775807");
    CHECK(error_of("99999999999999999999999999999999999999999") ==
          "'99999999999999999999999999999999999999999' is too large: the largest budget is "
          "$9223372036854.775807");
    for (auto text : {"", "$", "abc", "12,50", "+5", ".5", "5.", "012", "1 000", "$$5", "5$", "nan", "inf",
                      "0x10", " 5", "5 "}) {
        CAPTURE(text);
        CHECK(error_of(text) ==
              "'" + std::string(text) + "' is not an amount of dollars (write it as 12.50 or $12.50)");
    }
}

TEST_CASE("the share spent is in tenths of a percent, rounded down") {
    CHECK(spent_per_mille(0, 10'000'000) == 0);
    CHECK(spent_per_mille(9'996'000, 10'000'000) == 999);  // 99.96%: not 100.0
    CHECK(spent_per_mille(10'000'000, 10'000'000) == 1000);
    CHECK(spent_per_mille(12'345'678, 10'000'000) == 1234);
    CHECK(spent_per_mille(1, 3) == 333);
    CHECK(spent_per_mille(int64_max, 1) == int64_max);  // 9.2e21 saturates
    CHECK(per_mille_text(1234) == "123.4");
    CHECK(per_mille_text(999) == "99.9");
    CHECK(per_mille_text(0) == "0.0");
    CHECK(per_mille_text(5) == "0.5");
}

TEST_CASE("the projection is spend x period / elapsed, rounded up once") {
    constexpr std::int64_t hour = 3'600'000'000;
    // $10 after 10 days of a 30-day month: $30.
    CHECK(projected_spend(10'000'000, 240 * hour, 720 * hour) == 30'000'000);
    // 1 micro-dollar after 1 of 3 hours: 3; 1 after 2 of 3 hours: 1.5, rounded up to 2.
    CHECK(projected_spend(1, hour, 3 * hour) == 3);
    CHECK(projected_spend(1, 2 * hour, 3 * hour) == 2);
    // A 743-hour DST month, 100 hours in, $7: 7e6 x 743 / 100 = 52,010,000 exactly.
    CHECK(projected_spend(7'000'000, 100 * hour, 743 * hour) == 52'010'000);
    // 1 microsecond into a day: 5 x 86,400,000,000 / 1.
    CHECK(projected_spend(5, 1, 24 * hour) == 432'000'000'000);
    CHECK(projected_spend(0, hour, 24 * hour) == 0);
    CHECK(projected_spend(5, 0, 24 * hour) == 5);                  // nothing elapsed: the spend itself
    CHECK(projected_spend(5, 24 * hour, 24 * hour) == 5);          // the whole period
    CHECK(projected_spend(int64_max, 1, 24 * hour) == int64_max);  // saturates, no wrap
}

TEST_CASE("the state: over at the budget, soft at its percentage") {
    CHECK(budget_state_of(9'999'999, 10'000'000, std::nullopt) == budget_state::ok);
    CHECK(budget_state_of(10'000'000, 10'000'000, std::nullopt) == budget_state::over);
    CHECK(budget_state_of(10'000'001, 10'000'000, 80) == budget_state::over);
    CHECK(budget_state_of(7'999'999, 10'000'000, 80) == budget_state::ok);
    CHECK(budget_state_of(8'000'000, 10'000'000, 80) == budget_state::soft);
    CHECK(budget_state_of(1, 3, 34) == budget_state::ok);  // 33.3% < 34%
    CHECK(budget_state_of(2, 3, 66) == budget_state::soft);
    CHECK(budget_state_of(0, 10, 1) == budget_state::ok);
    CHECK(budget_state_of(int64_max - 1, int64_max, 100) == budget_state::ok);  // 128-bit product
    CHECK(budget_state_name(budget_state::soft) == "soft");
    CHECK(budget_state_name(budget_state::over) == "over");
    CHECK(budget_state_name(budget_state::ok) == "ok");
}
