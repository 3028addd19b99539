#pragma once
// `chatcost rollup` as a report: one page of groups, named and laid out as the grouping's row of
// ledger/rollup_groupings says, with the totals over all groups and their count, then the
// models with unpriced usage. The JSON shape is a contract: docs/json-output.md.

#include <optional>
#include <string>

#include "ledger/usage_report.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

output::value rollup_report(const ledger::rollup_page& page);

// The line for stderr when the sums left out invalid usage or a sum is past int64 (usage_fields.hpp).
std::optional<std::string> invalid_usage_note(const ledger::rollup_page& page);

}  // namespace chatcost::reports
