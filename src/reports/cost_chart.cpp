#include "reports/cost_chart.hpp"

#include "output/value.hpp"

namespace chatcost::reports {

namespace {

using output::value;

constexpr std::string_view chart_key = "cost_chart";

value chart_rows(const value& list, const cost_chart_spec& spec) {
    const auto& declared = list.columns();
    std::string label_title;
    for (const auto& column : declared) {
        if (column.key == spec.label_keys.front()) label_title = column.title;
    }
    value rows = value::rows(
        {{std::string(spec.label_keys.front()), label_title}, {"cost_micros", "Cost"}, {"cost_bar", ""}});
    for (const auto& row : list.items()) {
        value label = value::text("-");
        for (auto key : spec.label_keys) {
            if (const value* found = row.find(key); found && !found->is_null()) {
                label = *found;
                break;
            }
        }
        const value* cost = row.find("cost_micros");
        bool priced = cost && cost->type() == output::value_type::integer;
        rows.append(value::object({
            {std::string(spec.label_keys.front()), label},
            {"cost_micros", cost ? *cost : value::money(std::nullopt)},
            {"cost_bar", value::bar(priced ? cost->as_integer() : 0)},
        }));
    }
    return rows;
}

}  // namespace

output::report_views with_cost_chart(value report, const cost_chart_spec& spec) {
    const value* list = report.find(spec.list_key);
    if (!list || !list->is_array() || list->items().empty() || spec.label_keys.empty())
        return {std::move(report)};
    value chart = chart_rows(*list, spec);
    std::string after = std::string(spec.list_key) + std::string(output::totals_suffix);
    if (!report.find(after)) after = std::string(spec.list_key);

    value for_people = value::object();
    for (const auto& entry : report.members()) {
        for_people.add(entry.key, entry.item, entry.title);
        if (entry.key == after) for_people.add(std::string(chart_key), chart, spec.title);
    }
    output::report_views views{std::move(report)};
    views.for_people(std::move(for_people));
    return views;
}

output::report_views with_period_chart(value report, const ledger::rollup_grouping& by) {
    if (!by.period || by.key_columns.empty()) return {std::move(report)};
    return with_cost_chart(std::move(report),
                           {by.list_key, {by.key_columns.front().key}, "Cost by " + std::string(by.name)});
}

output::report_views with_model_chart(value report) {
    return with_cost_chart(std::move(report), {"by_model", {"display_name", "model"}, "Cost by model"});
}

}  // namespace chatcost::reports
