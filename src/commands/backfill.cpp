// chatcost backfill: price history in short, resumable batches; `backfill status`: the runs.

#include <iostream>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "backfill/backfill_lock.hpp"
#include "backfill/backfill_job.hpp"
#include "ledger/required_privileges.hpp"
#include "migrations/schema_state.hpp"
#include "output/run_feedback.hpp"
#include "reports/backfill_feedback.hpp"
#include "reports/backfill_report.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"
#include "util/interrupt.hpp"
#include "util/time_range.hpp"

namespace chatcost::commands {

namespace {

struct backfill_options {
    std::optional<std::string> since;
    std::optional<std::string> until;
    std::optional<std::int64_t> batch_size;
    std::optional<double> max_rate;
    std::string target_batch = "200ms";
    std::string reconnect_for = "1m";
    std::string wait_lock = "2s";
    bool recompute = false;
    bool dry_run = false;
    std::int64_t limit = 10;  // status
};

// A date is midnight UTC (backfill has no --timezone); an instant is already UTC.
std::optional<time_bound> bound(const std::optional<std::string>& text, std::string_view flag) {
    if (!text) return std::nullopt;
    auto parsed = parse_time_bound(*text);
    if (!parsed) throw failure(exit_code::usage, fmt::format("{}: {}", flag, parsed.error()));
    auto value = parsed.value();
    if (value.is_date()) value.text += "T00:00:00Z";
    return value;
}

db::backfill_settings settings_from(const backfill_options& options) {
    auto since = bound(options.since, "--since"), until = bound(options.until, "--until");
    if (since && until && since->unix_micros >= until->unix_micros) {
        throw failure(exit_code::usage, "--since must come before --until", "the range is [since, until)");
    }
    auto text = [](const std::optional<time_bound>& b) { return b ? std::optional(b->text) : std::nullopt; };
    db::backfill_settings settings;
    settings.scope = {options.recompute ? db::backfill_mode::recompute : db::backfill_mode::backfill,
                      text(since), text(until)};
    settings.dry_run = options.dry_run;
    settings.fixed_batch_size = options.batch_size;
    settings.max_rate = options.max_rate;
    settings.target_batch = parse_duration(options.target_batch);
    if (settings.target_batch.count() <= 0)
        throw failure(exit_code::usage, "--target-batch must be positive");
    settings.reconnect_for = parse_duration(options.reconnect_for);
    settings.wait_lock = parse_duration(options.wait_lock);
    return settings;
}

outcome run(context& ctx, const backfill_options& options) {
    auto settings = settings_from(options);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    db::require_privileges(connection, "backfill", db::backfill_privileges(!settings.dry_run));
    // stderr is quiet unless a person watches (the progress line) or a collector reads JSON.
    output::run_feedback feedback(ctx.log, std::cerr);
    interrupt_guard interrupts;
    auto result =
        db::run_backfill(ctx.session, settings, interrupts, reports::backfill_observers_for(feedback));
    outcome done;
    done.code = db::backfill_exit_code(result);
    const bool quiet = !ctx.log.enabled(output::log_severity::info);
    reports::report_backfill_end(feedback, result, done.code, quiet);
    if (!quiet || reports::backfill_did_something(result))
        done.report =
            reports::backfill_summary(result, settings, db::read_price_name_suggestions(ctx.session));
    return done;
}

outcome status(context& ctx, const backfill_options& options) {
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    pqxx::read_transaction tx(connection);
    auto runs = db::recent_backfill_runs(tx, options.limit);
    return {reports::backfill_status(runs, db::backfill_lock_holder(tx))};
}

}  // namespace

void attach_backfill(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<backfill_options>();
    auto* command = add_command(
        parent, "backfill",
        "Price messages whose cost is NULL, in short resumable batches (one run at a time)",
        "  chatcost backfill                        # everything not priced yet; safe beside the "
        "application\n"
        "  chatcost backfill --quiet                # for cron: silent when there was nothing to do\n"
        "  chatcost backfill --max-rate 5000 --log-format json\n"
        "  chatcost backfill --recompute --since 2026-11-01 --dry-run   # what a price correction changes\n"
        "  chatcost backfill status\n");
    command
        ->add_option("--since", options->since,
                     "Only messages created at or after: YYYY-MM-DD (UTC) or RFC 3339")
        ->option_text("T");
    command->add_option("--until", options->until, "Only messages created before (exclusive)")
        ->option_text("T");
    command->add_option("--batch-size", options->batch_size, "Fixed rows per batch (default: adapts)")
        ->option_text("N")
        ->check(whole_number(1, 1'000'000));
    command->add_option("--max-rate", options->max_rate, "At most this many rows per second")
        ->option_text("ROWS_PER_S")
        ->check(positive_number());
    auto duration_flag = [command](const char* flag, std::string& target, const char* help) {
        command->add_option(flag, target, help)
            ->check([](const std::string& text) { return duration_problem(text); })
            ->option_text("DURATION");
    };
    duration_flag("--target-batch", options->target_batch,
                  "Batch duration the size adapts toward (default 200ms)");
    duration_flag(
        "--reconnect-for", options->reconnect_for,
        "Keep reconnecting this long when the connection is lost mid-run (default 1m; 0: exit 4 at once)");
    duration_flag("--wait-lock", options->wait_lock,
                  "Wait this long for the lock another run holds, then exit 8 (default 2s)");
    command->add_flag(
        "--recompute", options->recompute,
        "Re-price messages that already have a cost (in --since/--until), after a price correction");
    command->add_flag("--dry-run", options->dry_run, "Report what would change; write nothing");
    command->require_subcommand(0, 1);
    auto* status_command =
        add_command(*command, "status", "The last backfill runs: cursor, state, counts",
                    "  chatcost backfill status\n  chatcost backfill status --format json\n");
    status_command->add_option("--limit", options->limit, "How many runs")
        ->option_text("N")
        ->capture_default_str()
        ->check(whole_number(1, 1000));
    bind_run(*status_command, selected, options, status);
    bind_run(*command, selected, options, writes("backfill", run));
}

}  // namespace chatcost::commands
