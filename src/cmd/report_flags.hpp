#pragma once
// The flags every cost report takes (summary, rollup), bound in one place so that their
// names, defaults and help read the same everywhere.

#include <optional>
#include <string>

#include <CLI/App.hpp>

namespace chatcost::commands {

struct report_flags {
    std::optional<std::string> since;    // YYYY-MM-DD or RFC 3339; validated by db::parse_range_flags
    std::optional<std::string> until;    // exclusive
    std::optional<std::string> through;  // a date, inclusive: until the next midnight
    std::string timezone = "UTC";
    bool exact = false;                   // tables show all six decimals
    std::string json_style = "chatcost";  // or "reference": the reference platform's field names
    bool reference_json() const { return json_style == "reference"; }
    bool fail_on_unpriced = false;  // exit 3 after the report when the range has unpriced usage
};

// Adds --since, --until, --through (not with --until), --timezone (described by `timezone_help`), --exact,
// --json-style, --fail-on-unpriced.
void add_report_flags(CLI::App& command, report_flags& flags, const std::string& timezone_help);

// Only the range: --since, --until, --through and --timezone (`unpriced`: a list, not a cost report).
void add_range_flags(CLI::App& command, report_flags& flags, const std::string& timezone_help);

}  // namespace chatcost::commands
