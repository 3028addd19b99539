// estimate's prices: --context-tiers read exactly, every bad part named, and flags over a book
// row (base prices, reasoning price, tiers) with the origins the report shows.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cost/price.hpp"
#include "reports/estimate_prices.hpp"
#include "util/failure.hpp"

using namespace chatcost;

namespace {

cost::price usd(const char* text) {
    return cost::parse_price(text).value();
}

std::string tier_error(const char* spec) {
    auto parsed = reports::parse_context_tiers(spec);
    REQUIRE_FALSE(parsed.ok());
    return parsed.error();
}

// The failure estimate_prices_from throws, as its exit code and message.
std::pair<exit_code, std::string> refusal(const std::optional<cost::price_book_row>& book,
                                          const reports::estimate_price_flags& flags) {
    try {
        reports::estimate_prices_from(book, flags);
    } catch (const failure& error) {
        return {error.code(), error.what()};
    }
    FAIL("no failure");
    return {};
}

}  // namespace

TEST_CASE("a tier in order: empty or missing prices inherit the base's") {
    auto tiers = reports::parse_context_tiers("272000:5,22.5,0.5").value();
    REQUIRE(tiers.size() == 1);
    CHECK(tiers[0].size == 272000);
    CHECK(tiers[0].prices.input == usd("5"));
    CHECK(tiers[0].prices.output == usd("22.5"));
    CHECK(tiers[0].prices.cache_read == usd("0.5"));
    CHECK_FALSE(tiers[0].prices.cache_write);
    CHECK_FALSE(tiers[0].reasoning);

    auto gaps = reports::parse_context_tiers("128000:,2,,,7").value();
    CHECK_FALSE(gaps[0].prices.input);
    CHECK(gaps[0].prices.output == usd("2"));
    CHECK_FALSE(gaps[0].prices.cache_read);
    CHECK(gaps[0].reasoning == usd("7"));

    auto none = reports::parse_context_tiers("32000:").value();  // the base again: allowed, pointless
    CHECK(none[0].size == 32000);
    CHECK(none[0].prices == cost::price_set{});
}

TEST_CASE("named tiers and several tiers in one value") {
    auto tiers =
        reports::parse_context_tiers("200000:input=2.5,cache_read=0.25;512000:reasoning=1e1").value();
    REQUIRE(tiers.size() == 2);
    CHECK(tiers[0].prices.input == usd("2.5"));
    CHECK(tiers[0].prices.cache_read == usd("0.25"));
    CHECK_FALSE(tiers[0].prices.output);
    CHECK(tiers[1].size == 512000);
    CHECK(tiers[1].reasoning == usd("10"));
}

TEST_CASE("a bad tier is named with what is wrong") {
    CHECK(tier_error("272000") ==
          "'272000': a tier is SIZE:PRICES, the size a context must exceed, e.g. "
          "272000:5,22.5,0.5");
    CHECK(tier_error("0:1") == "'0:1': size '0' is not a whole number of tokens above 0");
    CHECK(tier_error("27k:1") == "'27k:1': size '27k' is not a whole number of tokens above 0");
    CHECK(tier_error("-5:1") == "'-5:1': size '-5' is not a whole number of tokens above 0");
    CHECK(tier_error("100:1,x") == "'100:1,x': output: \"x\" is not a decimal number");
    CHECK(tier_error("100:1,2,3,4,5,6").find("6 prices, at most 5") != std::string::npos);
    CHECK(tier_error("100:input=1,2") ==
          "'100:input=1,2': give the prices either in order or all as NAME=USD, "
          "not both");
    CHECK(tier_error("100:audio=1").find("'audio' is not a price name") != std::string::npos);
    CHECK(tier_error("100:input=1,input=2") == "'100:input=1,input=2': input is given twice");
    CHECK(tier_error("100:1;") ==
          "'': a tier is SIZE:PRICES, the size a context must exceed, e.g. "
          "272000:5,22.5,0.5");
    CHECK(tier_error("0:1;100:1;100:x") ==
          "'0:1': size '0' is not a whole number of tokens above 0; "
          "'100:x': input: \"x\" is not a decimal number");
    CHECK(tier_error("100:0.0000000000001").find("input: ") != std::string::npos);  // 13 decimals
}

TEST_CASE("flags alone: the schedule and its origins") {
    reports::estimate_price_flags flags;
    flags.prices.input = "2.5";
    flags.prices.output = "15";
    flags.reasoning = "4";
    flags.context_tiers = {"272000:5,22.5", "128000:input=3"};
    auto prices = reports::estimate_prices_from(std::nullopt, flags);
    CHECK(prices.schedule.base_prices().input == usd("2.5"));
    CHECK(prices.schedule.reasoning_price() == usd("4"));
    REQUIRE(prices.schedule.tier_count() == 2);
    CHECK(prices.schedule.level_for(128000).above_context == -1);  // exactly at the size: base
    CHECK(prices.schedule.level_for(128001).above_context == 128000);
    CHECK(prices.schedule.level_for(272001).above_context == 272000);
    CHECK(prices.origins.categories.input == "flag");
    CHECK(prices.origins.categories.cache_read.empty());
    CHECK(prices.origins.reasoning == "flag");
    CHECK(prices.origins.tiers == "flag");
}

TEST_CASE("every bad flag is listed, exit 2") {
    reports::estimate_price_flags flags;
    flags.prices.input = "abc";
    flags.reasoning = "-1";
    flags.context_tiers = {"100:1", "100:2"};
    auto [code, message] = refusal(std::nullopt, flags);
    CHECK(code == exit_code::usage);
    CHECK(message.find("--input-price: \"abc\"") != std::string::npos);
    CHECK(message.find("--reasoning-price: ") != std::string::npos);
    CHECK(message.find("--context-tiers: two tiers have the size 100") != std::string::npos);
}

TEST_CASE("a book row, then flags over it") {
    std::vector<cost::price_book_tier> book_tiers{
        {.size = 272000,
         .micros_per_million = {.input = 5'000'000, .output = 22'500'000},
         .reasoning_micros_per_million = std::nullopt}};
    cost::price_book_row row{
        .provider = "openai",
        .model = "gpt-5.4",
        .micros_per_million = {.input = 2'500'000, .output = 15'000'000, .cache_read = 250'000},
        .reasoning_micros_per_million = 30'000'000,
        .tiers = book_tiers};

    auto book_only = reports::estimate_prices_from(row, {});
    CHECK(book_only.schedule.base_prices().input == usd("2.5"));
    CHECK(book_only.schedule.reasoning_price() == usd("30"));
    REQUIRE(book_only.schedule.tier_count() == 1);
    CHECK(book_only.origins.categories.input == "price_book");
    CHECK(book_only.origins.categories.cache_write.empty());
    CHECK(book_only.origins.reasoning == "price_book");
    CHECK(book_only.origins.tiers == "price_book");

    // A flag replaces a base price, and the tier that leaves that category out follows it.
    reports::estimate_price_flags flags;
    flags.prices.cache_read = "1";
    flags.reasoning = "3";
    auto over = reports::estimate_prices_from(row, flags);
    const auto& tier = over.schedule.level_for(300000);
    CHECK(tier.price_of(cost::priced_line::cache_read) == usd("1"));
    CHECK(tier.price_of(cost::priced_line::input) == usd("5"));
    CHECK(over.origins.categories.cache_read == "flag");
    CHECK(over.origins.reasoning == "flag");
    CHECK(over.origins.tiers == "price_book");

    // --context-tiers replaces the book's tiers, all of them.
    flags.context_tiers = {"100000:9"};
    auto replaced = reports::estimate_prices_from(row, flags);
    REQUIRE(replaced.schedule.tier_count() == 1);
    CHECK(replaced.schedule.tiers()[0].size == 100000);
    CHECK(replaced.origins.tiers == "flag");
}

TEST_CASE("price flags are named like the options") {
    CHECK(reports::price_flag(cost::category::cache_write) == "--cache-write-price");
    CHECK(reports::price_flag(cost::category::input) == "--input-price");
}
