#pragma once
// Who a cost report (`summary`, `rollup`) is laid out for. Programs read JSON: its shape is a
// contract (docs/json-output.md), versioned by `output_version`, and its totals rows hold
// figures only. People read tables: the totals row says "Total" in its label column, and the
// version would only be noise.

#include <cstdint>

namespace chatcost::reports {

enum class report_audience { programs, people };

// The version of the JSON shape of `summary` and `rollup` (docs/json-output.md). 2: totals rows
// carry no "Total" label, the summary's cost is `cost_micros` like every row's.
inline constexpr std::int64_t cost_report_output_version = 2;

// --json-style: chatcost's own shape, or the reference platform's API (reference_json.hpp).
enum class json_style { chatcost, reference };

}  // namespace chatcost::reports
