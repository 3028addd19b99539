#include "reports/rollup_report.hpp"

#include "ledger/rollup_groupings.hpp"
#include "reports/usage_fields.hpp"

namespace chatcost::reports {

namespace {

using output::value;

void add_key_fields(value& row, const ledger::rollup_row& line, const ledger::rollup_grouping& by) {
    for (std::size_t i = 0; i < by.key_columns.size() && i < line.key.size(); ++i) {
        const auto& column = by.key_columns[i];
        row.add(std::string(column.key), value::text(line.key[i]), std::string(column.title));
    }
}

}  // namespace

value rollup_report(const ledger::rollup_page& page) {
    const auto& by = *page.by;
    std::vector<output::column> columns;
    for (const auto& column : by.key_columns)
        columns.emplace_back(std::string(column.key), std::string(column.title));
    for (auto& column : usage_columns(by.counts_chats)) columns.push_back(std::move(column));

    value rows = value::rows(std::move(columns));
    for (const auto& line : page.rows) {
        value row = value::object();
        add_key_fields(row, line, by);
        add_usage_fields(row, line.usage);
        rows.append(std::move(row));
    }
    value totals = value::object({{std::string(by.totals_label_key), value::text("Total")}});
    add_usage_fields(totals, page.totals);

    value report = value::object();
    report.add("schema_version", value::integer(page.schema_version));
    report.add("by", value::text(by.name));
    report.add("search", value::text(page.search));
    report.add("limit", value::integer(page.limit));
    report.add("offset", value::integer(page.offset));
    report.add("total_count", value::count(page.group_count), "Total count");
    report.add("range", range_value(page.range));
    report.add_rows(std::string(by.list_key), std::move(rows), std::move(totals));
    report.add("unpriced_models", unpriced_models_value(page.unpriced_models), "Unpriced models");
    return report;
}

std::optional<std::string> invalid_usage_note(const ledger::rollup_page& page) {
    std::int64_t groups_past_int64 = 0;
    for (const auto& line : page.rows) groups_past_int64 += !line.usage.sums_past_int64.empty();
    return invalid_usage_note(page.totals, groups_past_int64);
}

}  // namespace chatcost::reports
