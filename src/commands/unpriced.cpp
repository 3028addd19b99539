// chatcost unpriced: the worklist of unpriced usage: each model config (and the messages without
// one) with unpriced messages in a range, most first, why, the tokens, and what fixes it.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/report_flags.hpp"
#include "ledger/unpriced_worklist.hpp"
#include "pricebook/embedded_book.hpp"
#include "reports/unpriced_report.hpp"

namespace chatcost::commands {

namespace {

struct unpriced_options {
    report_flags range;
    bool fail_if_any = false;
};

outcome run(context& ctx, const unpriced_options& options) {
    const auto& range = options.range;
    auto worklist = db::read_unpriced_worklist(
        ctx.session.connection(),
        db::parse_range_flags(range.since, range.until, range.timezone, range.through),
        pricebook::embedded_book_entries());
    outcome done{reports::unpriced_report(worklist)};
    if (options.fail_if_any && !worklist.items.empty()) {
        ctx.log.warn(fmt::format("{} model config(s) with unpriced usage in the range (--fail-if-any)",
                                 worklist.items.size()));
        done.code = exit_code::check_failed;
    }
    return done;
}

}  // namespace

void attach_unpriced(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<unpriced_options>();
    auto* command = add_command(
        parent, "unpriced", "The unpriced usage: per model config, why, the tokens and the fix",
        "  chatcost unpriced                                   # the last 30 days\n"
        "  chatcost unpriced --since 2026-11-01 --until 2026-12-01 --format json\n"
        "  chatcost unpriced --since 2026-01-01 --fail-if-any -q   # weekly cron: exit 3 when any\n");
    add_range_flags(*command, options->range, "IANA time zone for dates and the shown range");
    command->add_flag("--fail-if-any", options->fail_if_any,
                      "Exit 3 (after the list) when anything in the range is unpriced");
    bind_run(*command, selected, options, run);
}

}  // namespace chatcost::commands
