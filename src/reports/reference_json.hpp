#pragma once
// --json-style reference: `summary` and `rollup --by user` in the field names and nesting of
// the reference platform's API (its SDK types ChatCostSummary, ChatCostModelBreakdown,
// ChatCostChatBreakdown, ChatCostUsersResponse, ChatCostUserRollup), so that a script written
// against the platform reads chatcost's JSON unchanged. The platform's fields come first, in its
// order; chatcost's extras follow them. docs/json-output.md maps every field.

#include "ledger/usage_report.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// ChatCostSummary, then chatcost's extras.
output::value reference_summary(const ledger::user_summary& summary);

// ChatCostUsersResponse, then chatcost's extras. The page must be a rollup by user.
output::value reference_user_rollup(const ledger::rollup_page& page);

}  // namespace chatcost::reports
