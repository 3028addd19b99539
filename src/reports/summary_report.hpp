#pragma once
// `chatcost summary` as a report: one user's totals, then by model and by chat, then the
// models with unpriced usage. The JSON shape is a contract: docs/json-output.md.

#include <optional>
#include <string>

#include "ledger/usage_report.hpp"
#include "output/value.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

// For programs (JSON; the default): `output_version` first, totals rows without a label. For
// people (tables): "Total" in the totals rows' label columns.
output::value summary_report(const ledger::user_summary& summary,
                             report_audience audience = report_audience::programs);

// The line for stderr when the sums left out invalid usage or a sum is past int64 (usage_fields.hpp).
std::optional<std::string> invalid_usage_note(const ledger::user_summary& summary);

}  // namespace chatcost::reports
