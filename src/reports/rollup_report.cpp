#include "reports/rollup_report.hpp"

#include "ledger/rollup_groupings.hpp"
#include "reports/usage_fields.hpp"

namespace chatcost::reports {

using output::value;

namespace {

void add_key_fields(value& row, const ledger::rollup_row& line, const ledger::rollup_grouping& by) {
    for (std::size_t i = 0; i < by.key_columns.size() && i < line.key.size(); ++i) {
        const auto& column = by.key_columns[i];
        row.add(std::string(column.key), value::text(line.key[i]), std::string(column.title));
    }
}

value breakdown_rows(const ledger::rollup_page& page, bool with_period) {
    const auto& by = *page.by;
    std::vector<output::column> columns;
    if (with_period)
        columns.emplace_back(std::string(by.key_columns.front().key),
                             std::string(by.key_columns.front().title));
    for (auto& column : model_columns()) columns.push_back(std::move(column));
    for (auto& column : usage_columns(false)) columns.push_back(std::move(column));
    return value::rows(std::move(columns));
}

value breakdown_row(const ledger::period_model_usage& line, const std::string_view* period_key) {
    value row = value::object();
    if (period_key) row.add(std::string(*period_key), value::text(line.period));
    add_model_fields(row, line.model);
    add_usage_fields(row, line.usage);
    return row;
}

}  // namespace

value rollup_breakdown_list(const ledger::rollup_page& page) {
    value rows = breakdown_rows(page, true);
    const std::string_view period_key = page.by->key_columns.front().key;
    for (const auto& line : page.breakdown) rows.append(breakdown_row(line, &period_key));
    return rows;
}

value rollup_report(const ledger::rollup_page& page, report_audience audience) {
    const auto& by = *page.by;
    const bool for_people = audience == report_audience::people;
    std::vector<output::column> columns;
    for (const auto& column : by.key_columns)
        columns.emplace_back(std::string(column.key), std::string(column.title));
    for (auto& column : usage_columns(by.counts_chats)) columns.push_back(std::move(column));

    // Programs get each period's models inside its row; people, a table of them under the list.
    const bool nested_breakdown = page.breakdown_asked && !for_people;
    if (nested_breakdown) columns.emplace_back("models", "Models");
    value rows = value::rows(std::move(columns));
    for (const auto& line : page.rows) {
        value row = value::object();
        add_key_fields(row, line, by);
        add_usage_fields(row, line.usage);
        if (nested_breakdown) {
            value models = breakdown_rows(page, false);
            for (const auto& share : page.breakdown) {
                if (line.key.front() == share.period) models.append(breakdown_row(share, nullptr));
            }
            row.add("models", std::move(models), "Models");
        }
        rows.append(std::move(row));
    }
    value totals = value::object();
    if (for_people) totals.add(std::string(by.totals_label_key), value::text("Total"));
    add_usage_fields(totals, page.totals);

    value report = value::object();
    if (!for_people) report.add("output_version", value::integer(cost_report_output_version));
    report.add("schema_version", value::integer(page.schema_version));
    report.add("by", value::text(by.name));
    if (by.period) report.add("order", value::text(page.newest_first ? "desc" : "asc"));
    report.add("search", value::text(page.search));
    report.add("limit", value::integer(page.limit));
    report.add("offset", value::integer(page.offset));
    report.add("total_count", value::count(page.group_count), "Total count");
    report.add("range", range_value(page.range, audience));
    report.add_rows(std::string(by.list_key), std::move(rows), std::move(totals));
    if (page.breakdown_asked && for_people) {
        report.add("breakdown", rollup_breakdown_list(page), "By " + std::string(by.name) + " and model");
    }
    report.add("unpriced_models", unpriced_models_value(page.unpriced_models), "Unpriced models");
    return report;
}

std::optional<std::string> invalid_usage_note(const ledger::rollup_page& page) {
    std::int64_t groups_past_int64 = 0;
    for (const auto& line : page.rows) groups_past_int64 += !line.usage.sums_past_int64.empty();
    return invalid_usage_note(page.totals, groups_past_int64);
}

}  // namespace chatcost::reports
