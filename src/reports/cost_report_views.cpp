#include "reports/cost_report_views.hpp"

#include "ledger/rollup_groupings.hpp"
#include "reports/cost_chart.hpp"
#include "reports/csv_totals.hpp"
#include "reports/reference_json.hpp"
#include "reports/rollup_report.hpp"
#include "reports/summary_report.hpp"
#include "reports/usage_fields.hpp"

namespace chatcost::reports {

using output::value;

namespace {

// The views of `shown` for people, with `whole` for JSON and `one_list` for CSV.
output::report_views rebased(const output::report_views& shown, value whole, value one_list) {
    output::report_views views{std::move(whole)};
    if (const value* people = shown.view(output::report_view::for_people)) views.for_people(*people);
    views.as_one_list(std::move(one_list));
    return views;
}

}  // namespace

value summary_csv_list(const ledger::user_summary& summary) {
    std::vector<output::column> columns{{"section", "Section"}};
    for (auto& column : model_columns()) columns.push_back(std::move(column));
    columns.emplace_back("root_chat_id", "Root chat id");
    columns.emplace_back("title", "Title");
    for (auto& column : usage_columns(true)) columns.push_back(std::move(column));
    value rows = value::rows(std::move(columns));

    value total = value::object({{"section", value::text("total")}});
    add_usage_fields(total, summary.totals);
    rows.append(std::move(total));
    for (const auto& line : summary.by_model) {
        value row = value::object({{"section", value::text("model")}});
        add_model_fields(row, line.model);
        add_usage_fields(row, line.usage);
        rows.append(std::move(row));
    }
    for (const auto& line : summary.by_chat) {
        value row = value::object({{"section", value::text("chat")}});
        row.add("root_chat_id", value::text(line.root_chat_id));
        row.add("title", value::text(line.title));
        add_usage_fields(row, line.usage);
        rows.append(std::move(row));
    }
    return rows;
}

output::report_views summary_views(const ledger::user_summary& summary, json_style style) {
    auto shown = with_model_chart(summary_report(summary, report_audience::people));
    value whole = style == json_style::reference ? reference_summary(summary)
                                                 : summary_report(summary, report_audience::programs);
    return rebased(shown, std::move(whole), summary_csv_list(summary));
}

value rollup_csv_list(const ledger::rollup_page& page) {
    const value programs = rollup_report(page, report_audience::programs);
    const std::string list_key(page.by->list_key);
    const value* totals = programs.find(list_key + std::string(output::totals_suffix));
    const value groups = page.breakdown_asked ? rollup_breakdown_list(page) : *programs.find(list_key);
    return with_row_kind_and_total(groups, totals ? *totals : value::object());
}

output::report_views rollup_views(const ledger::rollup_page& page, json_style style) {
    auto shown = with_period_chart(rollup_report(page, report_audience::people), *page.by);
    value whole = style == json_style::reference ? reference_user_rollup(page)
                                                 : rollup_report(page, report_audience::programs);
    return rebased(shown, std::move(whole), rollup_csv_list(page));
}

}  // namespace chatcost::reports
