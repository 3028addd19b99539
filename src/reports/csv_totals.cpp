#include "reports/csv_totals.hpp"

namespace chatcost::reports {

using output::value;

output::report_views with_breakdown_total_row(value breakdown) {
    const value* categories = breakdown.find("categories");
    if (!categories || !output::is_row_list(*categories)) return {std::move(breakdown)};
    value rows = value::rows(categories->columns());
    for (const auto& row : categories->items()) rows.append(row);
    value total = value::object({{"category", value::text("total")}});
    if (const value* exact = breakdown.find("exact_total_micros")) total.add("exact_cost_micros", *exact);
    if (const value* level = breakdown.find("price_level")) total.add("price_level", *level);
    rows.append(std::move(total));
    output::report_views views{std::move(breakdown)};
    views.as_one_list(std::move(rows));
    return views;
}

value with_row_kind_and_total(const value& groups, const value& totals) {
    std::vector<output::column> columns{{"row", "Row"}};
    for (const auto& column : groups.columns()) columns.push_back(column);
    value rows = value::rows(columns);
    for (const auto& group : groups.items()) {
        value row = value::object({{"row", value::text("group")}});
        for (const auto& field : group.members()) row.add(field.key, field.item, field.title);
        rows.append(std::move(row));
    }
    value total = value::object({{"row", value::text("total")}});
    for (const auto& column : groups.columns()) {
        if (const auto* field = totals.find_member(column.key))
            total.add(field->key, field->item, field->title);
    }
    rows.append(std::move(total));
    return rows;
}

}  // namespace chatcost::reports
