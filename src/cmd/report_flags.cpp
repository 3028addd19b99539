#include "cmd/report_flags.hpp"

#include <CLI/CLI.hpp>

namespace chatcost::commands {

void add_range_flags(CLI::App& command, report_flags& flags, const std::string& timezone_help) {
    command
        .add_option("--since", flags.since,
                    "Start, inclusive: YYYY-MM-DD or YYYYMMDD (midnight in --timezone) or RFC 3339")
        ->option_text("T");
    auto* until = command
                      .add_option("--until", flags.until,
                                  "End, exclusive: T itself is left out (default: now; since defaults to "
                                  "until - 30 days)")
                      ->option_text("T");
    command
        .add_option("--through", flags.through,
                    "Last day, inclusive: YYYY-MM-DD or YYYYMMDD (the same as --until the day after)")
        ->option_text("DATE")
        ->excludes(until);
    command.add_option("--timezone", flags.timezone, timezone_help)->option_text("TZ")->capture_default_str();
}

void add_report_flags(CLI::App& command, report_flags& flags, const std::string& timezone_help) {
    add_range_flags(command, flags, timezone_help);
    command.add_flag("--exact", flags.exact, "Tables show money with all six decimals");
    command
        .add_option("--json-style", flags.json_style,
                    "JSON field names: chatcost's own, or the reference platform's API "
                    "(summary and rollup --by user)")
        ->check(CLI::IsMember({"chatcost", "reference"}))
        ->option_text("chatcost|reference")
        ->capture_default_str();
    command.add_flag("--fail-on-unpriced", flags.fail_on_unpriced,
                     "Exit 3 (after the report) when the range has unpriced usage");
}

}  // namespace chatcost::commands
