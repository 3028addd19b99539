#pragma once
// The backfill's events on stderr, shared by `chatcost backfill` and `chatcost demo`: its start
// and each batch as JSON events, or as the terminal's progress line (output/run_feedback.hpp).

#include "backfill/backfill_runner.hpp"
#include "output/run_feedback.hpp"

namespace chatcost::reports {

// Observers for db::backfill_runner that report through `feedback` (which must outlive them).
db::backfill_observers backfill_observers_for(output::run_feedback& feedback);

}  // namespace chatcost::reports
