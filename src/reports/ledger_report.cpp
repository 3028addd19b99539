#include "reports/ledger_report.hpp"

#include <fmt/format.h>

#include "output/display.hpp"

namespace chatcost::reports {

using output::value;

namespace {

// More changes than one refresh step folds by default: the ledger is falling behind.
constexpr std::int64_t many_pending_changes = 50'000;

constexpr std::string_view refresh_hint = "run chatcost ledger refresh (cron: every 5 minutes)";

std::string elapsed_seconds(std::chrono::milliseconds elapsed) {
    return fmt::format("{}.{:03d}", elapsed.count() / 1000, elapsed.count() % 1000);
}

}  // namespace

std::string ledger_built_before_text(const std::string& database_text, std::string_view all_word) {
    if (database_text == db::everything_built) return std::string(all_word);
    if (database_text == db::nothing_built) return "nothing yet";
    // The refresh's connection prints timestamps in UTC: "2026-11-08 00:00:00+00".
    auto text = database_text;
    if (text.size() > 10 && text[10] == ' ') text[10] = 'T';
    if (text.ends_with("+00")) text.replace(text.size() - 3, 3, "Z");
    return text;
}

value ledger_refresh_summary(const db::ledger_refresh_outcome& outcome) {
    auto report = value::object();
    report.add("state", value::text(outcome.interrupted ? "interrupted" : "completed"));
    report.add("steps", value::count(outcome.steps), "Steps run");
    report.add("changes_folded", value::count(outcome.folded_changes), "Changes folded");
    report.add("changes_superseded", value::count(outcome.superseded_changes),
               "Changes superseded (hours built from the messages)");
    report.add("hours_built", value::count(outcome.built_hours), "Hours built (with messages)");
    report.add("rows_written", value::count(outcome.written_rows), "Ledger rows written");
    report.add("rows_pruned", value::count(outcome.pruned_rows), "Ledger rows pruned (deleted chats)");
    report.add("built_before", value::text(ledger_built_before_text(outcome.built_before, "all")),
               "Built before");
    report.add("elapsed_seconds", value::decimal(elapsed_seconds(outcome.elapsed)), "Duration (s)");
    return report;
}

void report_ledger_step(output::run_feedback& feedback, const db::ledger_step& step) {
    const auto built_before = ledger_built_before_text(step.built_before, "all");
    auto fields = value::object({{"built_before", value::text(built_before)},
                                 {"folded", value::integer(step.folded_changes)},
                                 {"superseded", value::integer(step.superseded_changes)},
                                 {"written", value::integer(step.written_rows)},
                                 {"hours_built", value::integer(step.built_hours)}});
    feedback.progress(
        "ledger_step", fields,
        fmt::format("ledger refresh: built before {}, {} changes folded, {} rows written", built_before,
                    output::format_count(step.folded_changes), output::format_count(step.written_rows)));
}

void report_ledger_refresh_end(output::run_feedback& feedback, const db::ledger_refresh_outcome& outcome,
                               exit_code code) {
    feedback.clear();
    const auto built_before = ledger_built_before_text(outcome.built_before, "all");
    if (const auto& held = outcome.held_back) {
        const auto who = held->oldest_pid ? fmt::format("backend pid {}", *held->oldest_pid) : "a session";
        const auto since = held->oldest_start ? fmt::format(", open since {}", *held->oldest_start) : "";
        feedback.warn("ledger_refresh_held_back",
                      value::object({{"open_transactions", value::integer(held->count)},
                                     {"oldest_pid",
                                      held->oldest_pid ? value::integer(*held->oldest_pid) : value::null()},
                                     {"oldest_start", value::text(held->oldest_start)}}),
                      fmt::format("built nothing new: {} transaction(s) open when the refresh began are open "
                                  "still ({}{}); the changes were folded, and reports stay exact; the next "
                                  "run builds on once they end",
                                  held->count, who, since));
    }
    if (outcome.interrupted) {
        feedback.note(
            "ledger_refresh_interrupted", value::object({{"built_before", value::text(built_before)}}),
            fmt::format("interrupted with the ledger built before {}: it is exact as it is; run the "
                        "same command again to go on",
                        built_before));
    }
    feedback.finish("ledger_refresh_finished",
                    value::object({{"state", value::text(outcome.interrupted ? "interrupted" : "completed")},
                                   {"exit_code", value::integer(to_int(code))},
                                   {"steps", value::integer(outcome.steps)},
                                   {"folded", value::integer(outcome.folded_changes)},
                                   {"superseded", value::integer(outcome.superseded_changes)},
                                   {"written", value::integer(outcome.written_rows)},
                                   {"hours_built", value::integer(outcome.built_hours)},
                                   {"pruned", value::integer(outcome.pruned_rows)},
                                   {"built_before", value::text(built_before)},
                                   {"elapsed_ms", value::integer(outcome.elapsed.count())}}));
}

std::optional<std::string> ledger_status_hint(const db::ledger_state& state) {
    if (state.built_before == db::nothing_built || state.pending_changes > many_pending_changes)
        return std::string(refresh_hint);
    return std::nullopt;
}

value ledger_status(const db::ledger_state& state) {
    auto report = value::object();
    report.add("built_before", value::text(ledger_built_before_text(state.built_before, "everything")),
               "Built before");
    report.add("refreshed_at", value::timestamp(state.refreshed_at), "Last refresh");
    report.add("pending_changes", value::count(state.pending_changes), "Pending changes");
    report.add("ledger_rows_estimate", value::count(state.ledger_rows_estimate),
               "Ledger rows (estimate; empty: not analyzed yet)");
    auto hint = ledger_status_hint(state);
    report.add("hint", value::text(hint));
    return report;
}

}  // namespace chatcost::reports
