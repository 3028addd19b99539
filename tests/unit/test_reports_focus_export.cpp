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

namespace {

db::focus_usage two_days() {
    db::focus_usage usage;
    usage.billing_account = "db";
    usage.range.shown.since = "2026-11-01T00:00:00Z";
    usage.range.shown.until = "2026-12-01T00:00:00Z";
    usage.range.shown.timezone = "UTC";
    // u on the 5th: two messages of 1 token at $0.01/M (the ledger rounds each up), and one
    // unpriced message of another model; u on the 6th: $3 exactly.
    auto unpriced = group("u", "2026-11-05", 7, 0, 0);
    unpriced.config_id = "d";
    unpriced.model = "n";
    unpriced.level.reset();
    unpriced.status = db::focus_price_status::unpriced;
    usage.groups = {group("u", "2026-11-05", 1, 1, 10'000), group("u", "2026-11-05", 1, 1, 10'000), unpriced,
                    group("u", "2026-11-06", 1'000'000, 3'000'000, 3'000'000)};
    for (auto& g : usage.groups) g.messages = 1;
    return usage;
}

}  // namespace

TEST_CASE("focus_export_report: JSON is the rows and a totals object equal to the ledger") {
    const auto usage = two_days();
    const auto report = reports::focus_export_report(usage);
    const auto& whole = report.whole();
    CHECK(whole.members().front().key == "output_version");
    CHECK(whole.find("output_version")->as_integer() == reports::focus_export_output_version);
    CHECK(whole.find("focus_version")->as_text() == "1.2");
    const auto rows = reports::focus_rows(usage);
    REQUIRE(whole.find("rows")->items().size() == rows.items().size());
    CHECK(whole.find("rows")->items().size() == 4);  // the 5th: m, n, the adjustment; the 6th: m
    const auto* totals = whole.find("totals");
    REQUIRE(totals != nullptr);
    CHECK(totals->is_object());  // not a data row
    for (const char* column : {"BilledCost", "ContractedCost", "EffectiveCost", "ListCost"})
        CHECK(totals->find(column)->as_text() == "3.000002000000");  // the ledger's 1 + 1 + 3,000,000
    CHECK(totals->find("cost_micros")->as_integer() == 3'000'002);
    CHECK(totals->find("rows")->as_integer() == 4);
    CHECK(totals->find("adjustment_rows")->as_integer() == 1);
    CHECK(totals->find("messages")->as_integer() == 4);
    CHECK(totals->find("unpriced_messages")->as_integer() == 1);
    // CSV: the rows alone, the same list
    const auto* csv = report.view(output::report_view::one_list);
    REQUIRE(csv != nullptr);
    CHECK(csv->items().size() == 4);
    CHECK(csv->columns().size() == reports::focus_columns().size());
}

TEST_CASE("focus_export_report: people get a line per day, user and model, the adjustment, a total") {
    const auto report = reports::focus_export_report(two_days());
    const auto* people = report.view(output::report_view::for_people);
    REQUIRE(people != nullptr);
    const auto& lines = people->find("lines")->items();
    REQUIRE(lines.size() == 4);
    CHECK(lines[0].find("provider")->as_text() == "acme");
    CHECK(lines[0].find("model")->as_text() == "m");
    CHECK(lines[0].find("messages")->as_integer() == 2);
    CHECK(lines[0].find("tokens")->as_integer() == 2);
    CHECK(lines[0].find("cost_micros")->as_integer() == 1);  // 0.00000002 USD, shown rounded up
    CHECK(lines[1].find("model")->as_text() == "n");
    CHECK(lines[1].find("cost_micros")->is_null());  // only unpriced messages: unknown, not $0
    CHECK(lines[1].find("unpriced_messages")->as_integer() == 1);
    CHECK(lines[2].find("model")->as_text() == "Adjustment (rounding)");
    CHECK(lines[2].find("cost_micros")->as_integer() == 2);  // 1.98 micro-dollars, rounded up
    CHECK(lines[2].find("tokens")->is_null());
    CHECK(lines[3].find("day")->as_text() == "2026-11-06");
    CHECK(lines[3].find("cost_micros")->as_integer() == 3'000'000);
    const auto* total = people->find("lines_totals");
    REQUIRE(total != nullptr);
    CHECK(total->find("cost_micros")->as_integer() == 3'000'002);  // exact: the ledger's
    CHECK(total->find("messages")->as_integer() == 4);
    CHECK(people->find("rows")->as_integer() == 4);
}
