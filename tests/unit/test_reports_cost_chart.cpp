#include <doctest/doctest.h>

#include "ledger/rollup_groupings.hpp"
#include "reports/cost_chart.hpp"

using namespace chatcost;
using output::value;

namespace {

value day_report() {
    value days = value::rows({{"day", "Day"}, {"cost_micros", "Cost"}});
    days.append(
        value::object({{"day", value::text("2026-11-01")}, {"cost_micros", value::money(2'000'000)}}));
    days.append(
        value::object({{"day", value::text("2026-11-02")}, {"cost_micros", value::money(std::nullopt)}}));
    value report = value::object({{"by", value::text("day")}});
    report.add_rows("days", std::move(days), value::object({{"day", value::text("Total")}}));
    report.add("unpriced_models", value::array());
    return report;
}

}  // namespace

TEST_CASE("cost chart: for people only, right after the list's totals") {
    auto views = reports::with_period_chart(day_report(), ledger::rollup_grouping_named("day"));
    const value* whole = views.view(output::report_view::whole);
    const value* csv = views.view(output::report_view::one_list);
    REQUIRE(whole);
    REQUIRE(csv);
    CHECK(whole->find("cost_chart") == nullptr);  // JSON and CSV never carry it
    CHECK(csv->find("cost_chart") == nullptr);
    const value* people = views.view(output::report_view::for_people);
    REQUIRE(people);
    const auto& members = people->members();
    REQUIRE(members.size() == 5);
    CHECK(members[2].key == "days_totals");
    CHECK(members[3].key == "cost_chart");
    CHECK(members[3].title == "Cost by day");
    const auto& rows = members[3].item.items();
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].find("day")->as_text() == "2026-11-01");
    CHECK(rows[0].find("cost_bar")->as_integer() == 2'000'000);
    CHECK(rows[0].find("cost_bar")->display() == output::display_kind::bar);
    CHECK(rows[1].find("cost_micros")->is_null());  // unpriced stays unpriced, its bar empty
    CHECK(rows[1].find("cost_bar")->as_integer() == 0);
}

TEST_CASE("cost chart: only time series and non-empty lists get one") {
    auto by_user = reports::with_period_chart(day_report(), ledger::rollup_grouping_named("user"));
    CHECK(by_user.view(output::report_view::for_people)->find("cost_chart") == nullptr);
    value empty = value::object();
    empty.add_rows("by_model", value::rows({{"display_name"}, {"cost_micros"}}));
    CHECK(reports::with_model_chart(empty).view(output::report_view::for_people)->find("cost_chart") ==
          nullptr);
}

TEST_CASE("cost chart: models are labelled by display name, else model") {
    value models =
        value::rows({{"display_name", "Display name"}, {"model", "Model"}, {"cost_micros", "Cost"}});
    models.append(value::object({{"display_name", value::text("Claude")},
                                 {"model", value::text("claude-x")},
                                 {"cost_micros", value::money(5)}}));
    models.append(value::object({{"display_name", value::text(std::optional<std::string>())},
                                 {"model", value::text("gpt-y")},
                                 {"cost_micros", value::money(1)}}));
    value report = value::object();
    report.add_rows("by_model", std::move(models));
    auto views = reports::with_model_chart(std::move(report));
    const value* chart = views.view(output::report_view::for_people)->find("cost_chart");
    REQUIRE(chart);
    CHECK(chart->items()[0].find("display_name")->as_text() == "Claude");
    CHECK(chart->items()[1].find("display_name")->as_text() == "gpt-y");
}
