#include <doctest/doctest.h>

#include "pricebook/custom_entry.hpp"

using namespace chatcost;
using namespace chatcost::pricebook;

namespace {

cost::price usd(std::string_view text) {
    return cost::parse_price(text).value();
}

}  // namespace

TEST_CASE("a custom price becomes a one-entry book, exactly, tiers sorted") {
    custom_price price{"acme", "widget", {}, usd("12"), {}};
    price.prices.input = usd("2.5");
    price.prices.output = usd("10");
    cost::context_tier big{1000000, {}, {}};
    big.prices.input = usd("6");
    cost::context_tier small{200000, {}, usd("20")};
    small.prices.input = usd("5");
    price.tiers = {big, small};
    auto reading = custom_entry(price);
    REQUIRE(reading.problems.empty());
    auto book = read_price_book(reading.book_json);
    REQUIRE(book.ok());
    REQUIRE(book.entries.size() == 1);
    const auto& entry = book.entries[0];
    CHECK(entry.prices.input == 2'500'000);
    CHECK(entry.prices.output == 10'000'000);
    CHECK_FALSE(entry.prices.cache_read.has_value());
    CHECK(entry.reasoning_price == 12'000'000);
    REQUIRE(entry.tiers.size() == 2);
    CHECK(entry.tiers[0].size == 200000);
    CHECK(entry.tiers[0].reasoning_price == 20'000'000);
    CHECK(entry.tiers[1].prices.input == 6'000'000);
}

TEST_CASE("a price finer than a micro-dollar, or an id a book may not hold, is a problem") {
    custom_price fine{"acme", "widget", {}, {}, {}};
    fine.prices.input = usd("0.0000001");
    fine.prices.output = usd("1");
    auto reading = custom_entry(fine);
    REQUIRE(reading.problems.size() == 1);
    CHECK(reading.problems[0].find("input_price: $0.0000001/M is finer than the book holds") == 0);
    CHECK(reading.book_json.empty());

    custom_price repeated{"acme", "widget", {}, {}, {{100, {}, {}}, {100, {}, {}}}};
    repeated.prices.input = usd("1");
    CHECK_FALSE(custom_entry(repeated).problems.empty());

    custom_price nul{"acme", std::string("wid\0get", 7), {}, {}, {}};
    CHECK_FALSE(custom_entry(nul).problems.empty());
}
