#include "cli/global_options.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "output/format.hpp"

namespace chatcost::cli {

void add_global_options(CLI::App& app, global_options& options) {
    app.add_option("-d,--database", options.database,
                   "PostgreSQL URL or key=value string (default: CHATCOST_DATABASE_URL, DATABASE_URL, "
                   "PG* variables, else the embedded database)")
        ->option_text("URL");
    auto* format = app.add_option("--format", options.format, "Output format on stdout")
                       ->check(CLI::IsMember(output::format_names()))
                       ->each([&options](const std::string&) { options.format_given = true; })
                       ->option_text(fmt::format("{}", fmt::join(output::format_names(), "|")));
    // ccusage's habit. A flag of its own, excluded with --format, so "-j --format csv" is refused
    // rather than decided by the order of the two.
    app.add_flag_callback(
           "-j,--json",
           [&options] {
               options.format = "json";
               options.format_given = true;
           },
           "The same as --format json")
        ->excludes(format);
    app.add_flag("-q,--quiet", options.quiet, "Print nothing on stderr but warnings and errors");
    app.add_flag("-v,--verbose", options.verbose, "Say more on stderr (connections, timings)");
    app.add_option("--log-format", options.log_format, "Format of what goes to stderr")
        ->check(CLI::IsMember({"text", "json"}))
        ->option_text("text|json");
    app.add_flag("--no-color", options.no_color, "No colour, nor any other escape code (also NO_COLOR=1)");
    app.add_flag("--ids", options.ids, "Tables show id columns too (JSON and CSV always carry them)");
    app.add_flag("--compact", options.compact,
                 "Tables leave out detail columns (by itself below 100 columns)");
    app.add_flag("--no-chart", options.no_chart, "Tables on a terminal draw no bar charts");
}

}  // namespace chatcost::cli
