// chatcost budget check: every user's spend in the current period of their budget (their own,
// else the default), for cron. Exit 3 when someone is over (hard), and with --fail-on-soft
// when someone passed the soft threshold. One statement over the ledger (ledger/budget_check.hpp).
// Joins `budget` (budget.cpp) as its subcommand; cli/command_list.cpp lists this attach after it.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "ledger/budget_check.hpp"
#include "reports/budget_report.hpp"

namespace chatcost::commands {

namespace {

struct check_options {
    std::optional<std::string> at;  // UTC RFC 3339 (instant_value); unset: now
    bool fail_on_soft = false;
    bool all = false;
};

outcome check(context& ctx, const check_options& o) {
    auto result = db::check_budgets(ctx.session.connection(), o.at);
    const auto tally = reports::tally_budgets(result);
    // A log collector gets one event per user over a threshold (on stderr, quiet or not); people
    // get one line saying how many, and the table.
    if (ctx.log.format() == output::log_format::json) {
        for (const auto& event : reports::budget_events(result))
            ctx.log.event(event.name, event.fields, output::log_severity::warn);
    } else if (auto line = reports::budget_alert_line(tally)) {
        ctx.log.warn(*line);
    }
    outcome done;
    if (tally.over > 0 || (o.fail_on_soft && tally.soft > 0)) done.code = exit_code::check_failed;
    // --quiet (cron): nothing on stdout unless someone passed a threshold, so cron mails only news.
    const bool quiet = !ctx.log.enabled(output::log_severity::info);
    if (!quiet || tally.over > 0 || tally.soft > 0 || o.all)
        done.report = reports::budget_check_report(result, o.all);
    if (auto note = reports::budget_unpriced_note(tally)) done.closing_notes.push_back(*note);
    return done;
}

}  // namespace

void attach_budget_check(CLI::App& parent, runner& selected) {
    auto* budget = parent.get_subcommand("budget");  // throws when the list has it out of order
    auto options = std::make_shared<check_options>();
    auto* command = add_command(
        *budget, "check",
        "Spend so far in the current period against each user's budget: exit 3 when someone is over",
        "  chatcost budget check                       # users over a threshold; exit 3 when one is over\n"
        "  chatcost budget check --all --format csv    # every user with a budget\n"
        "  chatcost budget check --quiet --fail-on-soft --log-format json   # cron, alerting on events\n"
        "  chatcost budget check --at 2026-11-30T23:00:00Z\n");
    command
        ->add_option("--at", options->at,
                     "Check as at this time (default: now): YYYY-MM-DD (UTC) or RFC 3339")
        ->transform(instant_value());
    command->add_flag("--fail-on-soft", options->fail_on_soft,
                      "Exit 3 also when someone passed their soft threshold");
    command->add_flag("--all", options->all,
                      "List every user with a budget, not only those over a threshold");
    bind_run(*command, selected, options, check);
}

}  // namespace chatcost::commands
