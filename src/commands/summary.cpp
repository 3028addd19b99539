// chatcost summary: one user's cost over a range: totals, by model, by root chat.

#include <fmt/format.h>

#include "commands/command.hpp"
#include "commands/commands.hpp"
#include "db/cost_reports.hpp"
#include "reports/summary_report.hpp"

namespace chatcost::commands {

namespace {

struct summary_options {
    std::string user;
    std::optional<std::string> since;
    std::optional<std::string> until;
    std::string timezone = "UTC";
    bool exact = false;
    bool fail_on_unpriced = false;
};

outcome run(context& ctx, const summary_options& options) {
    db::summary_request request{options.user,
                                db::parse_range_flags(options.since, options.until, options.timezone)};
    auto summary = db::read_user_summary(ctx.session.connection(), request);
    outcome done{reports::summary_report(summary)};
    done.exact_money = options.exact;
    if (options.fail_on_unpriced && summary.totals.unpriced_messages > 0) {
        ctx.log.warn(fmt::format("{} unpriced message(s) in the range (--fail-on-unpriced)",
                                 summary.totals.unpriced_messages));
        done.code = exit_code::check_failed;
    }
    return done;
}

}  // namespace

void attach_summary(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<summary_options>();
    auto* command =
        add_command(parent, "summary", "One user's cost over a range: totals, by model, by root chat",
                    "  chatcost summary --user alice                          # the last 30 days\n"
                    "  chatcost summary --user alice --since 2026-11-01 --until 2026-12-01\n"
                    "  chatcost summary --user 0b5e7c1e-2f4a-4c39-9d7e-1f0c3a9b8e21 --format json\n"
                    "  chatcost summary --user alice --timezone Europe/Paris --exact\n");
    command->add_option("--user", options->user, "Username or user id (UUID)")
        ->required()
        ->option_text("NAME|UUID");
    command
        ->add_option("--since", options->since,
                     "Start, inclusive: YYYY-MM-DD (midnight in --timezone) or RFC 3339")
        ->option_text("T");
    command
        ->add_option("--until", options->until,
                     "End, exclusive (default: now; since defaults to until - 30 days)")
        ->option_text("T");
    command->add_option("--timezone", options->timezone, "IANA time zone for dates and the shown range")
        ->option_text("TZ")
        ->capture_default_str();
    command->add_flag("--exact", options->exact, "Tables show money with all six decimals");
    command->add_flag("--fail-on-unpriced", options->fail_on_unpriced,
                      "Exit 3 (after the report) when the range has unpriced usage");
    command->callback(
        [&selected, options] { selected = [options](context& ctx) { return run(ctx, *options); }; });
}

}  // namespace chatcost::commands
