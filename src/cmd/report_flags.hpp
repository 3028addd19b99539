#pragma once
// The flags every cost report takes (summary, rollup), bound in one place so that their
// names, defaults and help read the same everywhere.

#include <optional>
#include <string>

#include <CLI/App.hpp>

namespace chatcost::commands {

struct report_flags {
    std::optional<std::string> since;  // YYYY-MM-DD or RFC 3339; validated by db::parse_range_flags
    std::optional<std::string> until;
    std::string timezone = "UTC";
    bool exact = false;             // tables show all six decimals
    bool fail_on_unpriced = false;  // exit 3 after the report when the range has unpriced usage
};

// Adds --since, --until, --timezone (described by `timezone_help`), --exact, --fail-on-unpriced.
void add_report_flags(CLI::App& command, report_flags& flags, const std::string& timezone_help);

}  // namespace chatcost::commands
