// chatcost summary: one user's cost over a range: totals, by model, by root chat.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "cmd/report_flags.hpp"
#include "ledger/cost_reports.hpp"
#include "reports/cost_report_views.hpp"
#include "reports/summary_report.hpp"

namespace chatcost::commands {

namespace {

struct summary_options {
    std::string user;
    report_flags range;
};

outcome run(context& ctx, const summary_options& options) {
    const auto& range = options.range;
    db::summary_request request{
        options.user, db::parse_range_flags(range.since, range.until, range.timezone, range.through)};
    auto summary = db::read_user_summary(ctx.session.connection(), request);
    outcome done{reports::summary_views(
        summary, range.reference_json() ? reports::json_style::reference : reports::json_style::chatcost)};
    done.exact_money = options.range.exact;
    if (auto note = reports::invalid_usage_note(summary)) ctx.log.warn(*note);
    if (options.range.fail_on_unpriced && summary.totals.unpriced_messages > 0) {
        ctx.log.warn(fmt::format("{} unpriced message(s) in the range (--fail-on-unpriced)",
                                 summary.totals.unpriced_messages));
        done.code = exit_code::check_failed;
    }
    return done;
}

}  // namespace

void attach_summary(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<summary_options>();
    auto* command = add_command(
        parent, "summary", "One user's cost over a range: totals, by model, by root chat",
        "  chatcost summary --user alice                          # the last 30 days\n"
        "  chatcost summary --user alice --since 20261101 --through 20261130\n"
        "  chatcost summary --user alice -j --json-style reference   # the platform API's fields\n"
        "  chatcost summary --user 0b5e7c1e-2f4a-4c39-9d7e-1f0c3a9b8e21 --format json\n"
        "  chatcost summary --user alice --timezone Europe/Paris --exact\n");
    command->add_option("--user", options->user, "Username or user id (UUID)")
        ->required()
        ->check(text_value("a username or a user id", false))
        ->option_text("NAME|UUID");
    add_report_flags(*command, options->range, "IANA time zone for dates and the shown range");
    bind_run(*command, selected, options, run);
}

}  // namespace chatcost::commands
