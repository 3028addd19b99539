#pragma once
// `chatcost ledger refresh` and `ledger status` as reports: the refresh's summary, its events on
// stderr (a step, the end) and the ledger's state with the hint to run a refresh.

#include <optional>
#include <string>

#include "ledger/ledger_store.hpp"
#include "output/run_feedback.hpp"
#include "output/value.hpp"
#include "util/exit_code.hpp"

namespace chatcost::reports {

// built_before for people and programs alike: "all" (refresh) or "everything" (status) when
// infinity, "nothing yet" when -infinity, else RFC 3339 UTC ("2026-11-08T00:00:00Z").
std::string ledger_built_before_text(const std::string& database_text, std::string_view all_word);

// Steps run, changes folded and superseded, hours built, rows written and pruned, built_before,
// duration, state (completed or interrupted).
output::value ledger_refresh_summary(const db::ledger_refresh_outcome& outcome);

// A step as a JSON event (ledger_step) or the terminal's progress line.
void report_ledger_step(output::run_feedback& feedback, const db::ledger_step& step);

// The end on stderr: the interruption (a sentence, or ledger_refresh_interrupted), and
// ledger_refresh_finished with the totals and `code` in JSON logs, --quiet included.
void report_ledger_refresh_end(output::run_feedback& feedback, const db::ledger_refresh_outcome& outcome,
                               exit_code code);

// "run chatcost ledger refresh (cron: every 5 minutes)" when nothing or only part is built, or
// many changes wait; nullopt otherwise.
std::optional<std::string> ledger_status_hint(const db::ledger_state& state);

// built_before, the last refresh, pending changes, the ledger's estimated rows, the hint.
output::value ledger_status(const db::ledger_state& state);

}  // namespace chatcost::reports
