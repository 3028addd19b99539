// ledger/price_timeline: the book period in force at a message's created_at.
#include <doctest/doctest.h>

#include <vector>

#include "ledger/price_timeline.hpp"

using chatcost::db::book_period;
using chatcost::db::choose_period;
using chatcost::db::open_period;

namespace {

std::size_t chosen(const std::vector<book_period>& periods, std::int64_t at) {
    auto choice = choose_period(periods, at);
    REQUIRE(choice.has_value());
    return choice->index;
}

}  // namespace

TEST_CASE("price_timeline: a default price changed at a date") {
    const std::vector<book_period> periods{{1, false, 100, 200}, {2, false, 200, std::nullopt}};
    CHECK(chosen(periods, 100) == 0);
    CHECK(chosen(periods, 199) == 0);
    CHECK(chosen(periods, 200) == 1);  // valid_from is inclusive, valid_until exclusive
    CHECK(chosen(periods, 1'000'000) == 1);
    CHECK_FALSE(choose_period(periods, 150)->before_first);
    CHECK(open_period(periods) == 1u);
}

TEST_CASE("price_timeline: a custom price beats the default one, only while it is in force") {
    const std::vector<book_period> periods{{1, false, 100, std::nullopt}, {5, true, 300, 400}};
    CHECK(chosen(periods, 250) == 0);
    CHECK(chosen(periods, 300) == 1);
    CHECK(chosen(periods, 399) == 1);
    CHECK(chosen(periods, 400) == 0);  // unset: back to the default
    CHECK(open_period(periods) == 0u);
    const std::vector<book_period> open_custom{{1, false, 100, std::nullopt}, {5, true, 300, std::nullopt}};
    CHECK(open_period(open_custom) == 1u);
}

TEST_CASE("price_timeline: before the first period the earliest one is used, flagged") {
    const std::vector<book_period> periods{{2, false, 200, std::nullopt}, {1, false, 100, 200}};
    auto choice = choose_period(periods, 50);
    REQUIRE(choice.has_value());
    CHECK(choice->index == 1);
    CHECK(choice->before_first);
    // On a tie the custom period comes first, as it would beat the default one.
    const std::vector<book_period> tie{{1, false, 100, std::nullopt}, {2, true, 100, std::nullopt}};
    CHECK(chosen(tie, 10) == 1);
    CHECK(choose_period(tie, 10)->before_first);
}

TEST_CASE("price_timeline: a gap in the history has no price, and no periods none") {
    const std::vector<book_period> periods{{1, false, 100, 200}, {2, false, 300, std::nullopt}};
    CHECK_FALSE(choose_period(periods, 250).has_value());
    CHECK_FALSE(choose_period(std::vector<book_period>{}, 250).has_value());
    const std::vector<book_period> deleted{{1, false, 100, 200}};
    CHECK_FALSE(choose_period(deleted, 500).has_value());
    CHECK_FALSE(open_period(deleted).has_value());
}
