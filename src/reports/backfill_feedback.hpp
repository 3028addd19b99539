#pragma once
// The backfill's events on stderr, shared by `chatcost backfill` and `chatcost demo`: its start
// and each batch as JSON events, or as the terminal's progress line (output/run_feedback.hpp).

#include "backfill/backfill_runner.hpp"
#include "output/run_feedback.hpp"
#include "util/exit_code.hpp"

namespace chatcost::reports {

// Observers for db::backfill_runner that report through `feedback` (which must outlive them).
db::backfill_observers backfill_observers_for(output::run_feedback& feedback);

// The end of a run on stderr. JSON logs: a warning event per problem (each run: new or known),
// the interruption, and backfill_finished with the counts and `code`, --quiet included. Text
// logs: the interruption, and a warning per known problem unless `quiet` (new ones are in the
// summary on stdout, and make the exit code).
void report_backfill_end(output::run_feedback& feedback, const db::backfill_outcome& outcome, exit_code code,
                         bool quiet);

}  // namespace chatcost::reports
