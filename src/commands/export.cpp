// chatcost export focus: the ledger's spend in FOCUS 1.2 (issue 19), for FinOps tools: CSV by
// default (the file they read), the same rows in JSON, or a summary table for a terminal.

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
    const auto format = ctx.format_or(output::format::csv);  // a file format: CSV unless asked
    const bool to_file = options.output != "-";
    if (to_file && format == output::format::table) {
        throw failure(exit_code::usage, "-o FILE cannot be given with --format table",
                      "the table is a summary for a terminal; -o writes the export: leave --format out "
                      "(CSV) or give --format json, or drop -o to see the table");
    }
    const auto& range = options.range;
    auto request = db::parse_range_flags(range.since, range.until, range.timezone, range.through);
    auto usage = db::read_focus_usage(ctx.session.connection(), request);
    outcome done{reports::focus_export_report(usage)};
    done.format = format;
    if (to_file) {
        std::ostringstream text;
        output::render(text, *done.report, format);  // byte-exact: no terminal escapes in a file
        write_text_file_atomically(options.output, text.str());
        done.report.reset();  // the export is the file: nothing on stdout
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
    return done;
}

}  // namespace

void attach_export(CLI::App& parent, runner& selected) {
    auto* command = add_command(parent, "export", "Export spend for other tools",
                                "  chatcost export focus --month 2026-11 -o focus-2026-11.csv\n");
    command->require_subcommand(1);
    auto options = std::make_shared<focus_options>();
    auto* focus = add_command(
        *command, "focus",
        "Spend in FOCUS 1.2 (FinOps Open Cost and Usage Specification): CSV unless --format says",
        "  chatcost export focus --month 2026-11 -o focus-2026-11.csv\n"
        "  chatcost export focus --month 2026-11 --format json -o focus-2026-11.json\n"
        "  chatcost export focus --month 2026-11 --format table   # per day, user and model\n"
        "  chatcost export focus --since 2026-11-01 --until 2026-11-08 --timezone Europe/Paris\n");
    focus
        ->add_option("--month", options->month,
                     "The calendar month YYYY-MM in --timezone (instead of a range)")
        ->option_text("YYYY-MM");
    add_range_flags(*focus, options->range, "IANA time zone for days, months and dates");
    focus
        ->add_option("-o,--output", options->output,
                     "Write to FILE, atomically (default: standard output): CSV, or JSON with -j")
        ->option_text("FILE");
    bind_run(*focus, selected, options,
             [](context& ctx, const focus_options& given) { return run(ctx, given); });
}

}  // namespace chatcost::commands
