// The breakdown estimate and explain print: the level that priced the message and the context
// that chose it, each category at that level's price with where it came from, and the reasoning
// split as its own row, so that the rows' exact products add up to the exact total.

#include <doctest/doctest.h>

#include <map>
#include <string>

#include "cost/message_cost.hpp"
#include "cost/price.hpp"
#include "reports/cost_breakdown.hpp"

using namespace chatcost;
using output::value;

namespace {

cost::price usd(const char* text) {
    return cost::parse_price(text).value();
}

// $2.50 / $15 / cache read $0.25, above 272,000 tokens $5 / $22.50 (cache read inherited).
cost::price_schedule tiered(std::optional<cost::price> reasoning = std::nullopt) {
    cost::price_set base{.input = usd("2.5"), .output = usd("15"), .cache_read = usd("0.25")};
    cost::context_tier tier{.size = 272000, .prices = {.input = usd("5"), .output = usd("22.5")}};
    return cost::price_schedule::with_tiers(base, reasoning, {tier}).value();
}

reports::price_origins book_origins() {
    reports::price_origins origins;
    origins.categories = {"price_book", "price_book", "price_book", ""};
    origins.tiers = "price_book";
    return origins;
}

std::map<std::string, const value*> rows_of(const value& report) {
    std::map<std::string, const value*> rows;
    for (const auto& row : report.find("categories")->items()) rows[row.find("category")->as_text()] = &row;
    return rows;
}

value breakdown(const cost::token_usage& usage, const cost::price_schedule& schedule) {
    return reports::cost_breakdown(usage, schedule, book_origins(), cost::price_message(usage, schedule));
}

}  // namespace

TEST_CASE("a context exactly at the tier's size is priced at the base") {
    cost::token_usage usage{.input = 272000, .output = 10};
    auto report = breakdown(usage, tiered());
    CHECK(report.find("context_tokens")->as_integer() == 272000);
    CHECK(report.find("price_level")->as_text() == "base");
    CHECK(report.find("tier_size")->is_null());
    CHECK(report.find("tiers_source")->as_text() == "price_book");
    auto rows = rows_of(report);
    CHECK(rows["input"]->find("price_usd_per_million")->as_text() == "2.5");
    CHECK(rows["input"]->find("price_level")->as_text() == "base");
    CHECK(rows.count("reasoning") == 0);
}

TEST_CASE("one token above: the tier prices every category; a price it leaves out is the base's") {
    cost::token_usage usage{.input = 272000, .output = 10, .cache_read = 1};
    auto report = breakdown(usage, tiered());
    CHECK(report.find("context_tokens")->as_integer() == 272001);
    CHECK(report.find("price_level")->as_text() == "tier");
    CHECK(report.find("tier_size")->as_integer() == 272000);
    auto rows = rows_of(report);
    CHECK(rows["input"]->find("price_usd_per_million")->as_text() == "5");
    CHECK(rows["input"]->find("price_level")->as_text() == "tier");
    CHECK(rows["input"]->find("exact_cost_micros")->as_text() == "1360000");
    CHECK(rows["cache_read"]->find("price_usd_per_million")->as_text() == "0.25");
    CHECK(rows["cache_read"]->find("price_level")->as_text() == "inherited");
    CHECK(rows["cache_write"]->find("price_usd_per_million")->is_null());
    CHECK(rows["cache_write"]->find("price_source")->is_null());
    // 1,360,000 + 225 + 0.25 micro-dollars, rounded up once.
    CHECK(report.find("exact_total_micros")->as_text() == "1360225.25");
    CHECK(report.find("total_cost_micros")->as_integer() == 1360226);
}

TEST_CASE("a reasoning price: output's own tokens at output's price, a reasoning row at its own") {
    cost::token_usage usage{.input = 100, .output = 500, .reasoning = 200};
    auto report = breakdown(usage, tiered(usd("4")));
    auto rows = rows_of(report);
    REQUIRE(rows.count("reasoning") == 1);
    CHECK(rows["output"]->find("tokens")->as_integer() == 300);
    CHECK(rows["output"]->find("exact_cost_micros")->as_text() == "4500");
    CHECK(rows["reasoning"]->find("tokens")->as_integer() == 200);
    CHECK(rows["reasoning"]->find("price_usd_per_million")->as_text() == "4");
    CHECK(rows["reasoning"]->find("exact_cost_micros")->as_text() == "800");
    CHECK(report.find("total_cost_micros")->as_integer() == 250 + 4500 + 800);
    // The row comes last, after the four categories, so that the list keeps their order.
    CHECK(report.find("categories")->items().back().find("category")->as_text() == "reasoning");
}

TEST_CASE("without a reasoning price the four rows are as before") {
    cost::token_usage usage{.output = 500, .reasoning = 200};
    auto report = breakdown(usage, tiered());
    CHECK(report.find("categories")->items().size() == 4);
    CHECK(rows_of(report)["output"]->find("tokens")->as_integer() == 500);
    CHECK(report.find("reasoning_tokens")->as_integer() == 200);
}

TEST_CASE("invalid usage has no context; its prices are shown at the base") {
    cost::token_usage usage{.input = 300000, .output = 1, .reasoning = 2};
    auto report = breakdown(usage, tiered(usd("4")));
    CHECK(report.find("status")->as_text() == "invalid");
    CHECK(report.find("context_tokens")->is_null());
    CHECK(report.find("price_level")->as_text() == "base");
    CHECK(rows_of(report)["output"]->find("tokens")->as_integer() == 1);  // not 1 - 2
}

TEST_CASE("origins of a resolution: the tiers' source is the price book or the config") {
    cost::price_resolution resolution;
    resolution.status = cost::resolution_status::resolved;
    resolution.schedule = tiered(usd("4"));
    resolution.source = cost::price_source::config_legacy;
    resolution.origins.input = cost::price_source::config_legacy;
    resolution.reasoning_origin = cost::price_source::config_nested;
    auto origins = reports::origins_of(resolution);
    CHECK(origins.categories.input == "config_legacy");
    CHECK(origins.categories.output.empty());
    CHECK(origins.reasoning == "config_nested");
    CHECK(origins.tiers == "config_nested");  // cost.tiers is only ever nested
    resolution.source = cost::price_source::price_book;
    CHECK(reports::origins_of(resolution).tiers == "price_book");
    resolution.schedule = cost::price_schedule{};
    CHECK(reports::origins_of(resolution).tiers.empty());
}

TEST_CASE(
    "a config's prices that do not read: their raw text, for programs beside the price, for people in it") {
    cost::model_config_view config{.id = "c1", .provider = "acme", .model = "m"};
    config.prices.input.nested = "2,00";
    config.prices.output.legacy = "-3";
    const auto invalid = cost::invalid_config_prices(config);
    const auto resolution = cost::resolve_prices(config, std::nullopt);
    const cost::token_usage usage{.input = 10, .output = 10};
    const auto result = cost::price_with(usage, resolution);

    auto programs = reports::cost_breakdown(usage, resolution.schedule, {}, result, &invalid);
    auto rows = rows_of(programs);
    CHECK(rows["input"]->find("price_usd_per_million")->is_null());
    CHECK(rows["input"]->find("raw_price_text")->as_text() == "2,00");
    CHECK(rows["output"]->find("raw_price_text")->as_text() == "-3");
    CHECK(rows["cache_read"]->find("raw_price_text")->is_null());
    CHECK(rows["input"]->members().back().key == "raw_price_text");  // last: CSV columns stay put

    auto people = reports::cost_breakdown(usage, resolution.schedule, {}, result, &invalid,
                                          reports::report_audience::people);
    rows = rows_of(people);
    CHECK(rows["input"]->find("price_usd_per_million")->as_text() == "2,00 (invalid)");
    CHECK(rows["output"]->find("price_usd_per_million")->as_text() == "-3 (invalid)");
    CHECK(rows["input"]->find("raw_price_text") == nullptr);

    // estimate passes none: no such member.
    CHECK(rows_of(reports::cost_breakdown(usage, resolution.schedule, {}, result))["input"]->find(
              "raw_price_text") == nullptr);
}
