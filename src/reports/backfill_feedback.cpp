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
    observers.on_retry = [&feedback](const db::backfill_retry& retry) {
        auto note = backfill_retry_note(retry);
        feedback.warn(note.event, note.fields, note.text);
    };
    return observers;
}

}  // namespace chatcost::reports
