#pragma once
// `chatcost summary` as a report: one user's totals, then by model and by chat, then the
// models with unpriced usage. The JSON shape is a contract: docs/json-output.md.

#include "ledger/usage_report.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

output::value summary_report(const cost::user_summary& summary);

}  // namespace chatcost::reports
