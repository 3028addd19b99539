// chatcost export focus: the ledger's spend as a FOCUS 1.2 CSV (issue 19), for FinOps tools.

#include <iostream>
#include <sstream>

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/report_flags.hpp"
#include "ledger/focus_usage.hpp"
#include "output/render.hpp"
#include "reports/focus_export.hpp"
#include "util/failure.hpp"
#include "util/text_file.hpp"

namespace chatcost::commands {

namespace {

struct focus_options {
    std::optional<std::string> month;  // YYYY-MM: the calendar month in --timezone
    report_flags range;
    std::string output = "-";
};

// --month YYYY-MM as --since and --until: the first day of the month and of the next one.
void apply_month(focus_options& options) {
    if (!options.month) return;
    if (options.range.since || options.range.until || options.range.through) {
        throw failure(exit_code::usage, "--month cannot be given with --since, --until or --through",
                      "give either --month or a range");
    }
    const auto& text = *options.month;
    int year = 0;
    int month = 0;
    const bool shaped = text.size() == 7 && text[4] == '-' && text.find_first_not_of("0123456789", 0) == 4 &&
                        text.find_first_not_of("0123456789", 5) == std::string::npos;
    if (shaped) {
        year = std::stoi(text.substr(0, 4));
        month = std::stoi(text.substr(5, 2));
    }
    if (!shaped || year < 1 || month < 1 || month > 12) {
        throw failure(exit_code::usage, fmt::format("--month: '{}' is not a month", text),
                      "give it as YYYY-MM, e.g. --month 2026-11");
    }
    options.range.since = fmt::format("{:04}-{:02}-01", year, month);
    options.range.until =
        month == 12 ? fmt::format("{:04}-01-01", year + 1) : fmt::format("{:04}-{:02}-01", year, month + 1);
}

outcome run(context& ctx, focus_options options) {
    apply_month(options);
    const auto& range = options.range;
    auto request = db::parse_range_flags(range.since, range.until, range.timezone, range.through);
    auto usage = db::read_focus_usage(ctx.session.connection(), request);
    std::ostringstream csv;
    output::render_csv(csv, reports::focus_rows(usage));
    if (options.output == "-") {
        std::cout << csv.str();  // the export is the data: no report around it
        std::cout.flush();
    } else {
        write_text_file_atomically(options.output, csv.str());
    }
    std::int64_t unpriced = 0;
    for (const auto& group : usage.groups) {
        if (group.status != db::focus_price_status::priced) unpriced += group.messages;
    }
    if (unpriced > 0) {
        ctx.log.warn(
            fmt::format("{} message(s) without a known price: rows with x_CostStatus unpriced or "
                        "price_not_found (see `chatcost rollup`)",
                        unpriced));
    }
    ctx.log.info(fmt::format("exported {} to {} ({})", usage.range.shown.since, usage.range.shown.until,
                             usage.range.timezone));
    return {};
}

}  // namespace

void attach_export(CLI::App& parent, runner& selected) {
    auto* command = add_command(parent, "export", "Export spend for other tools",
                                "  chatcost export focus --month 2026-11 -o focus-2026-11.csv\n");
    command->require_subcommand(1);
    auto options = std::make_shared<focus_options>();
    auto* focus = add_command(
        *command, "focus", "Spend as FOCUS 1.2 CSV (FinOps Open Cost and Usage Specification)",
        "  chatcost export focus --month 2026-11 -o focus-2026-11.csv\n"
        "  chatcost export focus --since 2026-11-01 --until 2026-11-08 --timezone Europe/Paris\n");
    focus
        ->add_option("--month", options->month,
                     "The calendar month YYYY-MM in --timezone (instead of a range)")
        ->option_text("YYYY-MM");
    add_range_flags(*focus, options->range, "IANA time zone for days, months and dates");
    focus->add_option("-o,--output", options->output, "Write to FILE, atomically (default: standard output)")
        ->option_text("FILE");
    bind_run(*focus, selected, options,
             [](context& ctx, const focus_options& given) { return run(ctx, given); });
}

}  // namespace chatcost::commands
