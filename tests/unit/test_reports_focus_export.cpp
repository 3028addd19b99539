#include <doctest/doctest.h>

#include "reports/focus_export.hpp"

using namespace chatcost;

namespace {

// An amount of `micros_per_million` (price book units) times `tokens`, in 1e-18 USD.
reports::attodollars line(std::int64_t tokens, std::int64_t micros_per_million) {
    return static_cast<reports::attodollars>(tokens) * micros_per_million * 1'000'000;
}

db::focus_usage_group group(std::string user, std::string day, std::int64_t input, std::int64_t ledger,
                            std::int64_t price) {
    db::focus_usage_group g;
    g.user_id = std::move(user);
    g.username = g.user_id;
    g.day = std::move(day);
    g.config_id = "c";
    g.provider = "acme";
    g.model = "m";
    g.input = input;
    g.ledger_micros = ledger;
    g.status = db::focus_price_status::priced;
    cost::price_level level;
    level.units[0] = price * 1'000'000;
    level.known = cost::price_level::bit(cost::priced_line::input);
    g.level = level;
    return g;
}

}  // namespace

TEST_CASE("usd_text: exact, at least 12 fractional digits, more only when they are not zero") {
    CHECK(reports::usd_text(0) == "0.000000000000");
    CHECK(reports::usd_text(line(3, 1'000'000)) == "0.000003000000");
    CHECK(reports::usd_text(line(9278, 1'250'000)) == "0.011597500000");
    CHECK(reports::usd_text(line(2131, 5'000'000)) == "0.010655000000");
    CHECK(reports::usd_text(1) == "0.000000000000000001");
    CHECK(reports::usd_text(-1) == "-0.000000000000000001");
    CHECK(reports::usd_text(line(1'000'000'000'000, 9'000'000'000'000)) == "9000000000000.000000000000");
}

TEST_CASE("focus_rows: lines of one unit price merge; a rounding Adjustment per user and day") {
    db::focus_usage usage;
    usage.billing_account = "db";
    // Two messages of 1 token at $0.01/M (10,000 micro-dollars per 1M): the ledger rounds each up.
    usage.groups = {group("u", "2026-11-05", 1, 1, 10'000), group("u", "2026-11-05", 1, 1, 10'000),
                    group("u", "2026-11-06", 1'000'000, 3'000'000, 3'000'000)};
    auto rows = reports::focus_rows(usage);
    REQUIRE(rows.items().size() == 3);
    CHECK(rows.items()[0].find("ConsumedQuantity")->as_text() == "2");
    CHECK(rows.items()[0].find("ListCost")->as_text() == "0.000000020000");
    CHECK(rows.items()[1].find("ChargeCategory")->as_text() == "Adjustment");
    CHECK(rows.items()[1].find("BilledCost")->as_text() == "0.000001980000");
    CHECK(rows.items()[1].find("PricingQuantity")->is_null());
    CHECK(rows.items()[2].find("BilledCost")->as_text() == "3.000000000000");  // exact: no adjustment
}
