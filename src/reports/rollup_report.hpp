#pragma once
// `chatcost rollup` as a report: one page of groups (users, models, providers, days or months)
// with the totals over all groups and their count, then the models with unpriced usage. The
// JSON shape is a contract: docs/json-output.md.

#include <string_view>

#include "ledger/usage_report.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

output::value rollup_report(const cost::rollup_page& page);

// "user", "model", "provider", "day", "month".
std::string_view grouping_name(cost::rollup_grouping by);

}  // namespace chatcost::reports
