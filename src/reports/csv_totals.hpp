#pragma once
// A CSV that ends with its total. CSV prints one list (output/render_csv.cpp) and leaves the
// report's other members out; where the total is a figure of its own (`estimate`: the message's
// exact total beside its category rows), the list for CSV gets it as a last row, labelled in
// the list's label column, so a spreadsheet sums nothing twice and still shows the total. A list
// whose label columns are data (`rollup`'s keys) says which row is the total in a column of its own.

#include <string_view>

#include "output/report_views.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// `estimate` and `explain`: the categories, then {"category": "total", "exact_cost_micros":
// exact_total_micros, "price_level": price_level} for CSV; every other format, the report.
output::report_views with_breakdown_total_row(output::value breakdown);

// `rollup`: a first column `row` that says what each row is, "group" for each row of `groups`
// (a list with declared columns), then one "total" row of `totals`' members that are columns of
// the list (the key columns empty), so that no total can be read as one more group.
output::value with_row_kind_and_total(const output::value& groups, const output::value& totals);

}  // namespace chatcost::reports
