// chatcost ledger refresh: fold the pending changes into the ledger and build the hours not built
// yet, in committed steps, one run at a time (for cron); `ledger status`: how far it is built.

#include <iostream>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "db/advisory_lock.hpp"
#include "ledger/ledger_store.hpp"
#include "migrations/schema_state.hpp"
#include "output/run_feedback.hpp"
#include "reports/ledger_report.hpp"
#include "util/duration.hpp"
#include "util/interrupt.hpp"

namespace chatcost::commands {

namespace {

// A first build of a big history runs long steps (a chunk of days each): generous, so that cron
// never loops on a step cancelled half-way. A lock it waits for (a migration) is given up soon.
constexpr std::chrono::milliseconds step_statement_timeout{3'600'000};
constexpr std::chrono::milliseconds step_lock_timeout{5'000};

struct ledger_options {
    std::int64_t chunk_days = 7;
    std::int64_t fold_batch = 50'000;
    std::string wait_lock = "2s";
    std::string wait_transactions = "30s";
};

outcome refresh(context& ctx, const ledger_options& options) {
    const auto wait = parse_duration(options.wait_lock);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    // On a connection of its own, which runs nothing else: a killed run's lock goes with it.
    db::advisory_lock lock(ctx.session.open_connection(), db::ledger_refresh_lock_key, wait,
                           "ledger refresh");
    db::apply_ledger_refresh_settings(connection, step_statement_timeout, step_lock_timeout);
    output::run_feedback feedback(ctx.log, std::cerr);
    interrupt_guard interrupts;
    auto result = db::refresh_ledger(
        connection, {options.chunk_days, options.fold_batch, parse_duration(options.wait_transactions)},
        interrupts,
        [&feedback](const db::ledger_step& step) { reports::report_ledger_step(feedback, step); });
    outcome done;
    done.code = result.interrupted ? exit_code::interrupted : exit_code::ok;
    reports::report_ledger_refresh_end(feedback, result, done.code);
    output::report_views views(reports::ledger_refresh_summary(result));
    // cron's mail stays empty: --quiet prints the table only for an interrupted run.
    if (!ctx.log.enabled(output::log_severity::info) && !result.interrupted) views.nothing_for_people();
    done.report = std::move(views);
    return done;
}

outcome status(context& ctx, const ledger_options&) {
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    auto state = db::read_ledger_state(connection);
    outcome done{reports::ledger_status(state)};
    if (auto hint = reports::ledger_status_hint(state)) done.closing_notes.push_back(*hint);
    return done;
}

}  // namespace

void attach_ledger(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<ledger_options>();
    auto* command =
        add_command(parent, "ledger",
                    "The ledger of sums per hour, chat and model that reports read instead of every message",
                    "  chatcost ledger refresh --quiet          # for cron, every 5 minutes\n"
                    "  chatcost ledger status\n");
    command->require_subcommand(1);
    auto* refresh_command = add_command(
        *command, "refresh",
        "Fold the changes to chat_messages into the ledger and build the hours not built yet, in "
        "committed steps (one run at a time; resumes after a kill)",
        "  chatcost ledger refresh\n"
        "  chatcost ledger refresh --quiet --log-format json   # cron: JSON events, no table\n"
        "  chatcost ledger refresh --chunk-days 1              # a first build in smaller steps\n");
    refresh_command
        ->add_option("--chunk-days", options->chunk_days,
                     "Days of history each building step reads from chat_messages")
        ->option_text("N")
        ->capture_default_str()
        ->check(whole_number(1, 36'500));
    refresh_command
        ->add_option("--fold-batch", options->fold_batch, "Pending changes folded per step at most")
        ->option_text("N")
        ->capture_default_str()
        ->check(whole_number(1, 100'000'000));
    refresh_command
        ->add_option("--wait-lock", options->wait_lock,
                     "Wait this long for the lock another refresh holds, then exit 8 (default 2s)")
        ->check([](const std::string& text) { return duration_problem(text); })
        ->option_text("DURATION");
    refresh_command
        ->add_option("--wait-transactions", options->wait_transactions,
                     "Wait this long for the transactions open at the start to end before building "
                     "(default 30s); past it, only fold")
        ->check([](const std::string& text) { return duration_problem(text); })
        ->option_text("DURATION");
    bind_run(*refresh_command, selected, options, writes("ledger refresh", refresh));
    auto* status_command = add_command(
        *command, "status", "How far the ledger is built, its last refresh and the changes waiting",
        "  chatcost ledger status\n  chatcost ledger status --format json\n");
    bind_run(*status_command, selected, options, status);
}

}  // namespace chatcost::commands
