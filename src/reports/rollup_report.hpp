#pragma once
// `chatcost rollup` as a report: one page of groups, named and laid out as the grouping's row of
// ledger/rollup_groupings says, with the totals over all groups and their count, then the
// models with unpriced usage. The JSON shape is a contract: docs/json-output.md.

#include <optional>
#include <string>

#include "ledger/usage_report.hpp"
#include "output/value.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

// For programs (JSON; the default): `output_version` first, totals rows without a label, and
// with --breakdown each period's `models` inside its row. For people (tables): "Total" in the
// totals row's label column, and the breakdown as a list of its own after the periods.
output::value rollup_report(const ledger::rollup_page& page,
                            report_audience audience = report_audience::programs);

// --breakdown as one flat list: the period's key, the model, its figures (CSV prints it).
output::value rollup_breakdown_list(const ledger::rollup_page& page);

// The line for stderr when the sums left out invalid usage or a sum is past int64 (usage_fields.hpp).
std::optional<std::string> invalid_usage_note(const ledger::rollup_page& page);

}  // namespace chatcost::reports
