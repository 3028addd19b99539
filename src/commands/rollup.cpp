// chatcost rollup: cost across users, by user, model, provider, day or month.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/report_flags.hpp"
#include "ledger/cost_reports.hpp"
#include "reports/rollup_report.hpp"
#include "util/integer_text.hpp"

namespace chatcost::commands {

namespace {

struct rollup_options {
    std::string by = "user";
    report_flags range;
    std::optional<std::string> search;
    std::optional<std::int64_t> limit;
    std::int64_t offset = 0;
};

cost::rollup_grouping grouping(const std::string& by) {
    for (auto which :
         {cost::rollup_grouping::user, cost::rollup_grouping::model, cost::rollup_grouping::provider,
          cost::rollup_grouping::day, cost::rollup_grouping::month}) {
        if (reports::grouping_name(which) == by) return which;
    }
    return cost::rollup_grouping::user;  // CLI11 allowed only the names above
}

// --limit 0 means all. Left out: 10 groups, but every day or month of a time series, which
// would mislead with holes cut out of it.
std::optional<std::int64_t> page_size(const rollup_options& options, cost::rollup_grouping by) {
    if (options.limit) return *options.limit == 0 ? std::nullopt : options.limit;
    if (by == cost::rollup_grouping::day || by == cost::rollup_grouping::month) return std::nullopt;
    return 10;
}

outcome run(context& ctx, const rollup_options& options) {
    db::rollup_request request;
    request.by = grouping(options.by);
    const auto& range = options.range;
    request.range = db::parse_range_flags(range.since, range.until, range.timezone);
    request.search = options.search;
    request.limit = page_size(options, request.by);
    request.offset = options.offset;
    auto page = db::read_rollup(ctx.session.connection(), request);
    outcome done{reports::rollup_report(page)};
    done.exact_money = options.range.exact;
    if (options.range.fail_on_unpriced && page.totals.unpriced_messages > 0) {
        ctx.log.warn(fmt::format("{} unpriced message(s) in the range (--fail-on-unpriced)",
                                 page.totals.unpriced_messages));
        done.code = exit_code::check_failed;
    }
    return done;
}

// --limit and --offset: 0 or more, said plainly (CLI11's own range check prints 1.8e308).
const CLI::Validator whole_number_from_zero(
    [](std::string& text) {
        auto number = parse_int64(text);
        return number && *number >= 0 ? std::string() : "'" + text + "' is not a whole number, 0 or more";
    },
    "N");

}  // namespace

void attach_rollup(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<rollup_options>();
    auto* command = add_command(
        parent, "rollup", "Cost across users: by user, model, provider, day or month",
        "  chatcost rollup                                        # top 10 users, the last 30 days\n"
        "  chatcost rollup --by model --since 2026-11-01 --until 2026-12-01\n"
        "  chatcost rollup --by day --timezone America/New_York --search alice\n"
        "  chatcost rollup --limit 0 --format csv > users.csv\n"
        "  chatcost rollup --fail-on-unpriced --quiet > /dev/null   # cron: exit 3 on unpriced usage\n");
    command->add_option("--by", options->by, "Group by user (default), model, provider, day or month")
        ->check(CLI::IsMember({"user", "model", "provider", "day", "month"}))
        ->option_text("user|model|provider|day|month");
    add_report_flags(*command, options->range, "IANA time zone for dates, days and months");
    command
        ->add_option("--search", options->search,
                     "Only users whose username or name contains TEXT (any case)")
        ->option_text("TEXT");
    command
        ->add_option("--limit", options->limit, "Groups per page; 0 = all (default 10; days and months: all)")
        ->check(whole_number_from_zero)
        ->option_text("N");
    command->add_option("--offset", options->offset, "Groups to skip")
        ->check(whole_number_from_zero)
        ->option_text("N");
    command->callback(
        [&selected, options] { selected = [options](context& ctx) { return run(ctx, *options); }; });
}

}  // namespace chatcost::commands
