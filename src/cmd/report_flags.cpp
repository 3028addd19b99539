#include "cmd/report_flags.hpp"

#include <CLI/CLI.hpp>

namespace chatcost::commands {

void add_report_flags(CLI::App& command, report_flags& flags, const std::string& timezone_help) {
    command
        .add_option("--since", flags.since,
                    "Start, inclusive: YYYY-MM-DD (midnight in --timezone) or RFC 3339")
        ->option_text("T");
    command
        .add_option("--until", flags.until,
                    "End, exclusive (default: now; since defaults to until - 30 days)")
        ->option_text("T");
    command.add_option("--timezone", flags.timezone, timezone_help)->option_text("TZ")->capture_default_str();
    command.add_flag("--exact", flags.exact, "Tables show money with all six decimals");
    command.add_flag("--fail-on-unpriced", flags.fail_on_unpriced,
                     "Exit 3 (after the report) when the range has unpriced usage");
}

}  // namespace chatcost::commands
