// chatcost rollup: cost across users, grouped as one row of ledger/rollup_groupings says (--by).

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "cmd/report_flags.hpp"
#include "ledger/cost_reports.hpp"
#include "ledger/rollup_groupings.hpp"
#include "reports/cost_report_views.hpp"
#include "reports/rollup_report.hpp"
#include "util/failure.hpp"

namespace chatcost::commands {

namespace {

struct rollup_options {
    std::string by{ledger::default_rollup_grouping().name};
    report_flags range;
    std::optional<std::string> search;
    std::optional<std::int64_t> limit;
    std::int64_t offset = 0;
    bool all_periods = false;
    bool breakdown = false;
    std::string order = "asc";
};

// --all-periods, --breakdown and --order describe a time series; --json-style reference, the
// platform's users endpoint.
void require_flags_fit(const rollup_options& options, const ledger::rollup_grouping& by) {
    const char* series_flag = options.all_periods      ? "--all-periods"
                              : options.breakdown      ? "--breakdown"
                              : options.order != "asc" ? "--order"
                                                       : nullptr;
    if (series_flag && !by.period) {
        throw failure(exit_code::usage,
                      fmt::format("{} is for a time series: it needs --by day, week or month", series_flag));
    }
    if (options.range.reference_json() && by.name != "user") {
        throw failure(exit_code::usage, "--json-style reference is for summary and rollup --by user",
                      "leave out --json-style, or use --by user");
    }
}

// --limit 0 means all. Left out: 10 groups, but every day or month of a time series, which
// would mislead with holes cut out of it.
std::optional<std::int64_t> page_size(const rollup_options& options, const ledger::rollup_grouping& by) {
    if (options.limit) return *options.limit == 0 ? std::nullopt : options.limit;
    if (by.period) return std::nullopt;
    return 10;
}

outcome run(context& ctx, const rollup_options& options) {
    db::rollup_request request;
    request.by = &ledger::rollup_grouping_named(options.by);
    const auto& range = options.range;
    request.range = db::parse_range_flags(range.since, range.until, range.timezone, range.through);
    request.search = options.search;
    request.limit = page_size(options, *request.by);
    request.offset = options.offset;
    request.all_periods = options.all_periods;
    request.breakdown = options.breakdown;
    request.newest_first = options.order == "desc";
    require_flags_fit(options, *request.by);
    auto page = db::read_rollup(ctx.session.connection(), request);
    outcome done{reports::rollup_views(
        page, range.reference_json() ? reports::json_style::reference : reports::json_style::chatcost)};
    done.exact_money = options.range.exact;
    if (auto note = reports::invalid_usage_note(page)) ctx.log.warn(*note);
    if (options.range.fail_on_unpriced && page.totals.unpriced_messages > 0) {
        ctx.log.warn(fmt::format("{} unpriced message(s) in the range (--fail-on-unpriced)",
                                 page.totals.unpriced_messages));
        done.code = exit_code::check_failed;
    }
    return done;
}

// "a, b or c": the groupings as the help names them, from their table.
std::string spoken_list(const std::vector<std::string>& names) {
    std::string text;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
        text += names[i];
    }
    return text;
}

}  // namespace

void attach_rollup(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<rollup_options>();
    auto* command = add_command(
        parent, "rollup", "Cost across users: by " + spoken_list(ledger::rollup_grouping_names()),
        "  chatcost rollup                                        # top 10 users, the last 30 days\n"
        "  chatcost rollup --by model --since 2026-11-01 --until 2026-12-01\n"
        "  chatcost rollup --by day --timezone America/New_York --search alice\n"
        "  chatcost rollup --by week --breakdown --since 20261101 --through 20261130\n"
        "  chatcost rollup --by chat -j                             # the top chats across users, JSON\n"
        "  chatcost rollup --limit 0 --format csv > users.csv\n"
        "  chatcost rollup --fail-on-unpriced --quiet > /dev/null   # cron: exit 3 on unpriced usage\n");
    auto by_names = ledger::rollup_grouping_names();
    by_names.front() += " (default)";
    command->add_option("--by", options->by, "Group by " + spoken_list(by_names))
        ->check(CLI::IsMember(ledger::rollup_grouping_names()))
        ->option_text(fmt::format("{}", fmt::join(ledger::rollup_grouping_names(), "|")));
    add_report_flags(*command, options->range, "IANA time zone for dates, days and months");
    command
        ->add_option("--search", options->search,
                     "Only users whose username or name contains TEXT (any case)")
        ->check(text_value("text to look for in usernames and names", true))
        ->option_text("TEXT");
    command
        ->add_option("--limit", options->limit,
                     "Groups per page; 0 = all (default 10; days, weeks and months: all)")
        ->check(whole_number(0))
        ->option_text("N");
    command->add_option("--offset", options->offset, "Groups to skip")
        ->check(whole_number(0))
        ->option_text("N");
    command->add_flag("--all-periods", options->all_periods,
                      "Days, weeks and months: list empty ones too (default: only those with usage)");
    command->add_flag("--breakdown", options->breakdown, "Days, weeks and months: each one's models too");
    command
        ->add_option("--order", options->order, "Days, weeks and months: oldest (asc) or newest (desc) first")
        ->check(CLI::IsMember({"asc", "desc"}))
        ->option_text("asc|desc")
        ->capture_default_str();
    bind_run(*command, selected, options, run);
}

}  // namespace chatcost::commands
