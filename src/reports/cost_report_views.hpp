#pragma once
// `summary` and `rollup` in each view (output/report_views.hpp): tables get the report for
// people (totals labelled "Total", the charts of reports/cost_chart), JSON the report for
// programs in the --json-style asked for, CSV one list that holds every section of the report.

#include "ledger/usage_report.hpp"
#include "output/report_views.hpp"
#include "output/value.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

output::report_views summary_views(const ledger::user_summary& summary, json_style style);

// --json-style reference is for --by user only; the caller refuses it for other groupings.
output::report_views rollup_views(const ledger::rollup_page& page, json_style style);

// The summary as one CSV list: a `section` column ("total", "model", "chat"), the model's and
// the chat's columns (empty where they do not apply), then the figures. The total row is the
// user's totals, with chats.
output::value summary_csv_list(const ledger::user_summary& summary);

// The rollup as one CSV list: a first column `row` ("group" for each group, or with --breakdown
// each period and model; "total" for the last row, the totals over all groups, not only the
// page's), then the list's columns.
output::value rollup_csv_list(const ledger::rollup_page& page);

}  // namespace chatcost::reports
