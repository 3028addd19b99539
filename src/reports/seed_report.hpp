#pragma once
// `chatcost seed apply` as a report: the book applied, its counts, and for a dry run the first
// changes one price a row; what `seed generate` says about the catalogue on stderr. Also the
// failure that lists every problem of a bad input at once.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/price_book_store.hpp"
#include "output/log.hpp"
#include "output/report_views.hpp"
#include "util/failure.hpp"

namespace chatcost::reports {

// A dry run: what apply would insert and update, the first changes listed, one price a row
// (the reasoning price and the tiers included; people read the tiers as one line), then the
// book's entries whose default price a custom price shadows (shadowed_by_custom). `entries` is
// the book's size; the rest is unchanged.
output::report_views seed_dry_run_report(const std::string& book, std::int64_t entries,
                                         const db::price_book_diff& diff);

// What apply did. `quiet` (-q): people asked for silence, so a run with nothing to do prints
// them nothing, for cron; JSON and CSV always print. `effective_from`: --effective-from, shown
// when given.
output::report_views seed_apply_report(const std::string& book, std::int64_t entries,
                                       const db::price_book_counts& counts, bool quiet,
                                       const std::optional<std::string>& effective_from = std::nullopt);

// One kind of per-model line `seed generate` reports about the catalogue (models left out,
// costs not carried, tiers inheriting, suspicious prices): a row of the command's table.
struct model_notes {
    const std::vector<std::string>& lines;  // one per model
    std::string_view counted;               // "models without a price were left out"
    std::string_view counted_one;           // "model without a price was left out"
    std::string_view line_prefix;           // before each line: "left out "
    bool warning = false;                   // the count is a warning: shown even with -q
};

// Each kind's lines with -v, then each kind's count ("3 models ... (-v lists them)"); a kind
// without lines says nothing.
void log_model_notes(output::logger& log, std::span<const model_notes> kinds);

// Bad input is listed whole, one problem a line under one error, and fails once (exit 6).
failure invalid_input(const std::string& what, const std::vector<std::string>& problems);

}  // namespace chatcost::reports
