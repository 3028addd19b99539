#pragma once
// chatcost backfill's output: the final summary, one event per batch (JSON logs), the
// terminal progress line, and `backfill status`.

#include <optional>
#include <string>
#include <vector>

#include "backfill/backfill_run_store.hpp"
#include "backfill/backfill_runner.hpp"
#include "ledger/price_name_suggestions.hpp"
#include "output/value.hpp"
#include "util/exit_code.hpp"

namespace chatcost::reports {

// Rows scanned, priced, written, unpriced by reason, invalid (per config and reason), skipped,
// batches, elapsed, rows/s, and the cost per model (recompute: before and after).
// `suggestions`: the near misses of config names in the price book, listed as "did you mean"
// when the run left messages unpriced for want of prices.
output::value backfill_summary(const db::backfill_outcome& outcome, const db::backfill_settings& settings,
                               const std::vector<db::price_name_suggestion>& suggestions = {});

// Whether the run found anything new to do or report (--quiet prints nothing otherwise): a
// cost written or to be written, a new problem (not one the last run reported unchanged),
// skipped rows, or an interruption.
bool backfill_did_something(const db::backfill_outcome& outcome);

// An event of the run: its name and figures for JSON logs, a sentence for a person at a terminal.
struct backfill_note {
    std::string event;
    output::value fields;
    std::string text;
};

backfill_note backfill_started_note(const db::run_start& start);
backfill_note backfill_interrupted_note(const db::backfill_outcome& outcome);
// A batch tried again, or a lost connection made again.
backfill_note backfill_retry_note(const db::backfill_retry& retry);
// A model config (or messages) the run could not price, new or reported unchanged before.
backfill_note backfill_problem_note(const db::problem_key& key, const db::problem_tally& problem, bool known);
// The run's closing record: its counts and exit code.
backfill_note backfill_finished_note(const db::backfill_outcome& outcome, exit_code code);

// The figures of one batch, for a JSON log event.
output::value backfill_batch_event(const db::batch_progress& progress);

// "backfill: 120,000 rows, 45,210 rows/s, 61% of ids, ETA 0:17" for a terminal.
std::string backfill_progress_text(const db::batch_progress& progress);

// The newest runs, and who is running one now (nullopt: no one). A run recorded as running
// while no one holds the lock was killed; it is shown as "killed" and resumes on the next run.
output::value backfill_status(const std::vector<db::backfill_run_row>& runs,
                              const std::optional<std::string>& lock_holder);

}  // namespace chatcost::reports
