#pragma once
// A whole backfill over a session: opens the runner's two connections (writer and reader) and,
// when they are lost mid-run (the server restarted or failed over, an administrator ended the
// backend), connects again and resumes the run from its committed cursor: a few times, with
// backoff, before it gives up with exit code 4 and the run left resumable. Nothing is lost
// either way: every batch commits its rows with its cursor, and a commit whose outcome the lost
// connection hid is settled by reading the cursor back.

#include "backfill/backfill_runner.hpp"
#include "db/session.hpp"
#include "util/interrupt.hpp"

namespace chatcost::db {

// The whole run's outcome: counts of this process over all its connections.
backfill_outcome run_backfill(session& session, const backfill_settings& settings,
                              const interrupt_guard& interrupts, const backfill_observers& observers);

}  // namespace chatcost::db
