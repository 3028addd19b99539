#include "reports/backfill_feedback.hpp"

#include "reports/backfill_report.hpp"

namespace chatcost::reports {

db::backfill_observers backfill_observers_for(output::run_feedback& feedback) {
    db::backfill_observers observers;
    observers.on_start = [&feedback](const db::run_start& start) {
        auto note = backfill_started_note(start);
        feedback.note(note.event, note.fields, note.text);
    };
    observers.on_batch = [&feedback](const db::batch_progress& batch) {
        feedback.progress("backfill_batch", backfill_batch_event(batch), backfill_progress_text(batch));
    };
    // A lost connection is news even for cron; a batch tried again is the run's own business
    // (under load a batch may run past its time budget now and then), unless it finally fails.
    observers.on_retry = [&feedback](const db::backfill_retry& retry) {
        auto note = backfill_retry_note(retry);
        if (retry.why == db::backfill_retry::cause::connection_lost) {
            feedback.warn(note.event, note.fields, note.text);
        } else {
            feedback.detail(note.event, note.fields, note.text);
        }
    };
    return observers;
}

void report_backfill_end(output::run_feedback& feedback, const db::backfill_outcome& outcome, exit_code code,
                         bool quiet) {
    feedback.clear();
    for (const auto& [key, problem] : outcome.run.problems) {
        const bool known = outcome.known_problems.contains(key);
        if (!feedback.json() && (!known || quiet)) continue;
        auto note = backfill_problem_note(key, problem, known);
        feedback.warn(note.event, note.fields, note.text);
    }
    if (outcome.interrupted) {
        auto note = backfill_interrupted_note(outcome);
        feedback.note(note.event, note.fields, note.text);
    }
    auto finished = backfill_finished_note(outcome, code);
    feedback.finish(finished.event, finished.fields);
}

}  // namespace chatcost::reports
