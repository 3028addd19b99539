#pragma once
// The rows of a FOCUS 1.2 export (`chatcost export focus`, issue 19) from the usage the ledger
// read (ledger/focus_usage.hpp): one Usage row per user, day, model config, token category and
// unit price, costed exactly (tokens x unit price, no rounding), then per user and day one
// Adjustment row carrying what the ledger's round-up-once rule adds, so that the rows sum to
// the ledger (`rollup`'s total) to the micro-dollar. README "FOCUS export" lists the columns.

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/focus_usage.hpp"
#include "output/report_views.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// The columns, in the file's order: FOCUS 1.2's mandatory columns, the conditional ones that
// apply to token usage, then chatcost's own (x_).
const std::vector<std::string>& focus_columns();

// An exact amount in units of 1e-18 USD (a token times a price in 1e-12 USD per 1M tokens) as
// a decimal with at least 12 fractional digits, more only when they are not zero:
// 3000000000000 -> "0.000003000000", -1 -> "-0.000000000000000001".
__extension__ typedef __int128 attodollars;
std::string usd_text(attodollars amount);

// The export's rows, in the columns' order.
output::value focus_rows(const db::focus_usage& usage);

// The version of the export's JSON shape (docs/json-output.md): its own, not the cost reports'.
inline constexpr std::int64_t focus_export_output_version = 1;

// The export in every format. CSV: the rows, the file FinOps tools read. JSON: `output_version`,
// `focus_version`, `range`, `billing_account`, the same rows as objects keyed by the columns,
// then `totals` (each cost column's sum, equal to `rollup`'s total, and the counts), an object
// of its own rather than one more row. Tables: the rows summed per day, user and model (the
// token categories and unit prices together), each user's Adjustment of the day on a line of
// its own, and the total: a month of rows read in a terminal.
output::report_views focus_export_report(const db::focus_usage& usage);

}  // namespace chatcost::reports
