#include "reports/backfill_report.hpp"

#include <limits>

#include <fmt/format.h>

#include "cost/message_cost.hpp"
#include "output/display.hpp"

namespace chatcost::reports {

namespace {

using output::value;

constexpr std::array<cost::unpriced_reason, 3> listed_reasons{cost::unpriced_reason::no_model_config,
                                                              cost::unpriced_reason::no_prices,
                                                              cost::unpriced_reason::no_matching_category};

// A sum of costs as money when it fits in int64 (it always does in practice), else exactly.
value money_sum(db::cost_sum sum) {
    if (sum >= std::numeric_limits<std::int64_t>::min() && sum <= std::numeric_limits<std::int64_t>::max()) {
        return value::money(static_cast<std::int64_t>(sum));
    }
    return value::decimal(db::to_decimal_text(sum));
}

double seconds(std::chrono::microseconds elapsed) {
    return static_cast<double>(elapsed.count()) / 1e6;
}

std::int64_t per_second(std::int64_t rows, std::chrono::microseconds elapsed) {
    return elapsed.count() > 0 ? static_cast<std::int64_t>(static_cast<double>(rows) / seconds(elapsed)) : 0;
}

value unpriced_rows(const db::backfill_tally& tally) {
    auto rows = value::rows({"reason", {"rows", "Rows"}, "description"});
    for (auto reason : listed_reasons) {
        if (tally.unpriced(reason) == 0) continue;
        rows.append(value::object({{"reason", value::text(cost::name(reason))},
                                   {"rows", value::count(tally.unpriced(reason))},
                                   {"description", value::text(cost::describe(reason))}}));
    }
    return rows;
}

// "did you mean": a config name the book has in another case or without a date suffix.
value suggestion_rows(const std::vector<db::price_name_suggestion>& suggestions) {
    auto rows = value::rows({"provider", "model", {"did_you_mean", "Did you mean"}});
    for (const auto& near : suggestions) {
        rows.append(
            value::object({{"provider", value::text(near.provider)},
                           {"model", value::text(near.model)},
                           {"did_you_mean", value::text(near.book_provider + "/" + near.book_model)}}));
    }
    return rows;
}

value invalid_rows(const db::backfill_tally& tally) {
    auto rows = value::rows({{"model_config_id", "Model config"},
                             "kind",
                             {"rows", "Rows"},
                             {"first_message_id", "First message"},
                             {"reason", "Reason (of the first message)"}});
    for (const auto& [key, problem] : tally.problems) {
        rows.append(value::object({{"model_config_id", value::text(key.first.empty() ? "(none)" : key.first)},
                                   {"kind", value::text(key.second)},
                                   {"rows", value::count(problem.rows)},
                                   {"first_message_id", value::integer(problem.first_message_id)},
                                   {"reason", value::text(problem.reason)}}));
    }
    return rows;
}

value model_rows(const db::backfill_tally& tally, bool recompute) {
    std::vector<output::column> columns{"provider", "model", {"rows", "Rows"}, {"rows_written", "Written"}};
    if (recompute) columns.emplace_back("old_cost_micros", "Cost before");
    columns.emplace_back("new_cost_micros", recompute ? "Cost after" : "Cost");
    auto rows = value::rows(columns);
    for (const auto& [key, model] : tally.by_model) {
        auto row =
            value::object({{"provider", value::text(key.first.empty() ? "(no model config)" : key.first)},
                           {"model", value::text(key.second)},
                           {"rows", value::count(model.rows)},
                           {"rows_written", value::count(model.rows_written)}});
        if (recompute) row.add("old_cost_micros", money_sum(model.old_cost));
        row.add("new_cost_micros", money_sum(model.new_cost));
        rows.append(std::move(row));
    }
    return rows;
}

value optional_text(const std::optional<std::string>& text) {
    return text ? value::text(*text) : value();
}

}  // namespace

output::value backfill_summary(const db::backfill_outcome& outcome, const db::backfill_settings& settings,
                               const std::vector<db::price_name_suggestion>& suggestions) {
    const auto& tally = outcome.run;
    const bool recompute = settings.scope.mode == db::backfill_mode::recompute;
    auto report = value::object();
    report.add("run_id", value::integer(outcome.run_id), "Run");
    report.add("mode", value::text(db::name(settings.scope.mode)));
    report.add("dry_run", value::boolean(settings.dry_run), "Dry run (nothing written)");
    report.add("state", value::text(outcome.completed ? "completed" : "interrupted"));
    report.add("resumed", value::boolean(outcome.resumed), "Resumed an earlier run");
    report.add("since", optional_text(settings.scope.since));
    report.add("until", optional_text(settings.scope.until));
    report.add("cursor_id", value::integer(outcome.cursor_id), "Cursor (last id done)");
    report.add("last_id", value::integer(outcome.ids.last_id), "Last id");
    report.add("rows_scanned", value::count(tally.rows_scanned));
    report.add("rows_priced", value::count(tally.rows_priced));
    report.add("rows_written", value::count(tally.rows_written),
               settings.dry_run ? "Rows to write" : "Rows written");
    if (recompute) report.add("rows_unchanged", value::count(tally.rows_unchanged));
    report.add("rows_unpriced", value::count(tally.unpriced_total()));
    report.add("rows_invalid", value::count(tally.rows_invalid));
    report.add("rows_skipped", value::count(tally.rows_skipped), "Rows skipped (changed meanwhile)");
    report.add("batches", value::count(tally.batches));
    report.add("elapsed_seconds", value::decimal(fmt::format("{:.3f}", seconds(outcome.elapsed))),
               "Elapsed (s)");
    report.add("rows_per_second", value::count(per_second(outcome.invocation.rows_scanned, outcome.elapsed)),
               "Rows/s");
    report.add(
        "longest_batch_ms",
        value::integer(std::chrono::duration_cast<std::chrono::milliseconds>(outcome.longest_batch).count()),
        "Longest batch (ms)");
    report.add("unpriced_by_reason", unpriced_rows(tally), "Unpriced");
    if (tally.unpriced(cost::unpriced_reason::no_prices) > 0 && !suggestions.empty()) {
        report.add("unpriced_name_suggestions", suggestion_rows(suggestions),
                   "Unpriced configs whose name the price book has in another case or without a date suffix");
    }
    report.add("invalid", invalid_rows(tally), "Invalid data (left unpriced)");
    report.add("by_model", model_rows(tally, recompute), "By model");
    return report;
}

bool backfill_did_something(const db::backfill_outcome& outcome) {
    const auto& tally = outcome.invocation;
    return tally.rows_written > 0 || outcome.has_new_problems() || tally.rows_skipped > 0 ||
           !outcome.completed;
}

backfill_note backfill_started_note(const db::run_start& start) {
    return {"backfill_started",
            value::object({{"run_id", value::integer(start.run_id)},
                           {"resumed", value::boolean(start.resumed)},
                           {"cursor_id", value::integer(start.cursor_id)},
                           {"last_id", value::integer(start.ids.last_id)}}),
            start.resumed ? fmt::format("resuming backfill run {} after id {}", start.run_id.value_or(0),
                                        start.cursor_id)
                          : fmt::format("backfill up to id {}", start.ids.last_id)};
}

backfill_note backfill_interrupted_note(const db::backfill_outcome& outcome) {
    return {"backfill_interrupted",
            value::object({{"run_id", value::integer(outcome.run_id)},
                           {"cursor_id", value::integer(outcome.cursor_id)}}),
            fmt::format("interrupted after id {}: run the same command again to resume", outcome.cursor_id)};
}

backfill_note backfill_retry_note(const db::backfill_retry& retry) {
    const bool lost = retry.why == db::backfill_retry::cause::connection_lost;
    auto fields = value::object({{"cause", value::text(lost ? "connection_lost" : "batch_failed")},
                                 {"cursor_id", value::integer(retry.cursor_id)},
                                 {"retry", value::integer(retry.retry)},
                                 {"most_retries", value::integer(retry.most_retries)},
                                 {"reason", value::text(retry.reason)},
                                 {"delay_ms", value::integer(retry.delay.count())}});
    auto text =
        lost ? fmt::format("lost the database connection after id {}: {}; reconnecting (attempt {}) in {} ms",
                           retry.cursor_id, retry.reason, retry.retry, retry.delay.count())
             : fmt::format("the batch after id {} failed: {}; retry {} of {} in {} ms", retry.cursor_id,
                           retry.reason, retry.retry, retry.most_retries, retry.delay.count());
    return {lost ? "backfill_reconnect" : "backfill_retry", std::move(fields), std::move(text)};
}

backfill_note backfill_problem_note(const db::problem_key& key, const db::problem_tally& problem,
                                    bool known) {
    const auto& [config_id, kind] = key;
    auto fields = value::object({{"model_config_id", value::text(config_id)},
                                 {"kind", value::text(kind)},
                                 {"reason", value::text(problem.reason)},
                                 {"rows", value::integer(problem.rows)},
                                 {"first_message_id", value::integer(problem.first_message_id)},
                                 {"new", value::boolean(!known)}});
    auto what = kind == "config"    ? fmt::format("model config {}", config_id)
                : config_id.empty() ? std::string("messages without a model config")
                                    : fmt::format("messages of model config {}", config_id);
    auto text = fmt::format("{}: {} ({} messages left unpriced, the first id {}){}", what, problem.reason,
                            output::format_count(problem.rows), problem.first_message_id,
                            known ? "; reported unchanged by the last run, so not a new failure" : "");
    return {"backfill_invalid", std::move(fields), std::move(text)};
}

backfill_note backfill_finished_note(const db::backfill_outcome& outcome, exit_code code) {
    const auto& tally = outcome.run;
    const auto new_problems = tally.problems.size() - outcome.known_problems.size();
    auto fields = value::object({
        {"run_id", value::integer(outcome.run_id)},
        {"state", value::text(outcome.completed ? "completed" : "interrupted")},
        {"exit_code", value::integer(to_int(code))},
        {"rows_scanned", value::integer(tally.rows_scanned)},
        {"rows_priced", value::integer(tally.rows_priced)},
        {"rows_written", value::integer(tally.rows_written)},
        {"rows_unpriced", value::integer(tally.unpriced_total())},
        {"rows_invalid", value::integer(tally.rows_invalid)},
        {"rows_skipped", value::integer(tally.rows_skipped)},
        {"problems", value::integer(static_cast<std::int64_t>(tally.problems.size()))},
        {"new_problems", value::integer(static_cast<std::int64_t>(new_problems))},
        {"batches", value::integer(tally.batches)},
        {"elapsed_ms",
         value::integer(std::chrono::duration_cast<std::chrono::milliseconds>(outcome.elapsed).count())},
    });
    return {"backfill_finished", std::move(fields),
            fmt::format("backfill finished: {} rows written, exit code {}",
                        output::format_count(tally.rows_written), to_int(code))};
}

output::value backfill_batch_event(const db::batch_progress& progress) {
    const auto& tally = *progress.invocation;
    return value::object({
        {"rows", value::integer(progress.rows)},
        {"written", value::integer(progress.written)},
        {"skipped", value::integer(progress.skipped)},
        {"duration_ms",
         value::decimal(fmt::format("{:.3f}", static_cast<double>(progress.took.count()) / 1e3))},
        {"cursor_id", value::integer(progress.cursor_id)},
        {"last_id", value::integer(progress.ids.last_id)},
        {"next_batch_size", value::integer(progress.next_batch_size)},
        {"rows_scanned", value::integer(tally.rows_scanned)},
        {"rows_written", value::integer(tally.rows_written)},
        {"rows_per_second", value::integer(per_second(tally.rows_scanned, progress.elapsed))},
    });
}

std::string backfill_progress_text(const db::batch_progress& progress) {
    const auto& tally = *progress.invocation;
    // Progress along the ids, which is what the keyset walk knows without counting rows.
    const auto span = std::max<std::int64_t>(1, progress.ids.last_id - progress.ids.first_id + 1);
    const double done = std::clamp(
        static_cast<double>(progress.cursor_id - progress.ids.first_id + 1) / static_cast<double>(span), 0.0,
        1.0);
    std::string eta = "-";
    if (done > 0 && done < 1) {
        auto left = static_cast<std::int64_t>(seconds(progress.elapsed) * (1 - done) / done);
        eta = fmt::format("{}:{:02}", left / 60, left % 60);
    }
    return fmt::format("backfill: {} rows, {} written, {} rows/s, {:.0f}% of ids, ETA {}",
                       output::format_count(tally.rows_scanned), output::format_count(tally.rows_written),
                       output::format_count(per_second(tally.rows_scanned, progress.elapsed)), done * 100,
                       eta);
}

output::value backfill_status(const std::vector<db::backfill_run_row>& runs,
                              const std::optional<std::string>& lock_holder) {
    auto report = value::object();
    report.add("running_now", optional_text(lock_holder), "Running now");
    auto rows = value::rows({{"run_id", "Run"},
                             "mode",
                             "state",
                             "since",
                             "until",
                             {"cursor_id", "Cursor"},
                             {"last_id", "Last id"},
                             {"rows_scanned", "Scanned"},
                             {"rows_written", "Written"},
                             {"rows_unpriced", "Unpriced"},
                             {"rows_invalid", "Invalid"},
                             {"rows_skipped", "Skipped"},
                             "batches",
                             "started_at",
                             "updated_at",
                             "finished_at"});
    for (const auto& run : runs) {
        auto state = run.state == "running" && !lock_holder ? std::string("killed") : run.state;
        rows.append(value::object({
            {"run_id", value::integer(run.id)},
            {"mode", value::text(run.mode)},
            {"state", value::text(state)},
            {"since", value::timestamp(run.since)},
            {"until", value::timestamp(run.until)},
            {"cursor_id", value::integer(run.cursor_id)},
            {"last_id", value::integer(run.ids.last_id)},
            {"rows_scanned", value::count(run.tally.rows_scanned)},
            {"rows_written", value::count(run.tally.rows_written)},
            {"rows_unpriced", value::count(run.tally.unpriced_total())},
            {"rows_invalid", value::count(run.tally.rows_invalid)},
            {"rows_skipped", value::count(run.tally.rows_skipped)},
            {"batches", value::count(run.tally.batches)},
            {"started_at", value::timestamp(run.started_at)},
            {"updated_at", value::timestamp(run.updated_at)},
            {"finished_at", value::timestamp(run.finished_at)},
        }));
    }
    report.add("runs", std::move(rows));
    return report;
}

}  // namespace chatcost::reports
