#pragma once
// `chatcost seed apply` as a report: the book applied, its counts, and for a dry run the first
// changes one price a row. Also the failure that lists every problem of a bad input at once.

#include <cstdint>
#include <string>
#include <vector>

#include "ledger/price_book_store.hpp"
#include "output/report_views.hpp"
#include "util/failure.hpp"

namespace chatcost::reports {

// A dry run: what apply would insert and update, the first changes listed. `entries` is the
// book's size; the rest is unchanged.
output::value seed_dry_run_report(const std::string& book, std::int64_t entries,
                                  const db::price_book_diff& diff);

// What apply did. `quiet` (-q): people asked for silence, so a run with nothing to do prints
// them nothing, for cron; JSON and CSV always print.
output::report_views seed_apply_report(const std::string& book, std::int64_t entries,
                                       const db::price_book_counts& counts, bool quiet);

// Bad input is listed whole, one problem a line under one error, and fails once (exit 6).
failure invalid_input(const std::string& what, const std::vector<std::string>& problems);

}  // namespace chatcost::reports
