#pragma once
// Pictures for people: a bar per row of a report's list, scaled to the largest cost, drawn
// under the list's table. The chart is in the view for people only (report_views), so JSON and
// CSV never carry it; the table draws it when render_options::charts says so (a terminal, or
// COLUMNS, and no --no-chart).

#include <string>
#include <string_view>
#include <vector>

#include "ledger/rollup_groupings.hpp"
#include "output/report_views.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

struct cost_chart_spec {
    std::string_view list_key;                 // the report's list: "days", "by_model"
    std::vector<std::string_view> label_keys;  // a row's label: the first of these that is not null
    std::string title;                         // "Cost by day"
};

// The report for every format, and for people the report with the chart member "cost_chart"
// right after the list (and its totals). No chart when the list is missing or empty.
output::report_views with_cost_chart(output::value report, const cost_chart_spec& spec);

// `rollup`: a chart of the periods (--by day, month...) ; other groupings get none.
output::report_views with_period_chart(output::value report, const ledger::rollup_grouping& by);

// `summary`: a chart of the models.
output::report_views with_model_chart(output::value report);

}  // namespace chatcost::reports
