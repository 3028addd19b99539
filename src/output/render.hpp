#pragma once
// Prints a report to stdout's stream: JSON and CSV are stable contracts for programs, the
// table is for people. Errors and progress never go here (see log.hpp).

#include <cstddef>
#include <optional>
#include <ostream>
#include <string>

#include "output/format.hpp"
#include "output/report_views.hpp"
#include "output/terminal.hpp"
#include "output/value.hpp"

namespace chatcost::output {

struct render_options {
    bool color = false;        // ANSI SGR in tables; decide with should_use_color (terminal.hpp)
    bool exact_money = false;  // tables show money with all six decimals ("$0.000123")
    // The table layout (table_options_for decides it for a terminal; JSON and CSV ignore it).
    std::optional<std::size_t> width =
        std::nullopt;         // columns to fit in: text columns are cut; nullopt: no limit
    bool compact = false;     // leave out the detail columns (value.hpp, column::detail)
    bool show_ids = false;    // keep the id columns
    bool charts = false;      // draw the charts a report offers people (bar columns)
    bool unicode = false;     // "…" where text is cut (else "...")
    bool block_bars = false;  // bars in Unicode blocks (else '#')
    // stdout is a terminal: CSV escapes control characters there (escape_for_terminal), as
    // tables do, so a name cannot drive the terminal; into a file or a pipe it stays byte-exact.
    bool to_terminal = false;
};

// Below this width a terminal gets the compact layout by itself.
inline constexpr std::size_t compact_below_columns = 100;

// The options for stdout as fd: colour as should_use_color says; the width of terminal_width;
// compact under compact_below_columns or with --compact; charts whenever the width is known
// (a terminal, or COLUMNS) unless --no-chart; "…" and blocks under a UTF-8 locale, blocks only
// when escape-free output was not asked for (NO_COLOR, --no-color).
render_options table_options_for(int fd, const table_flags& flags,
                                 const environment_lookup& environment = process_environment);

// Prints the view of the report that the format shows (format.hpp), with the format's renderer.
void render(std::ostream& out, const report_views& report, format which, const render_options& options = {});
void render(std::ostream& out, const value& report, format which, const render_options& options = {});

// JSON: members in insertion order, 2-space indent, trailing newline. Integers (money in
// micro-dollars too) are JSON integers, decimals are strings (to stay exact), null is null.
// Text is escaped per RFC 8259, plus DEL and C1 controls as \u00XX; ill-formed UTF-8 becomes
// U+FFFD, so the output is always valid JSON.
void render_json(std::ostream& out, const value& report);

// The same JSON on one line, no spaces: used for JSON log lines and nested CSV cells.
std::string to_compact_json(const value& item);

// CSV (RFC 4180, CRLF line ends): the report's primary list, or key,value pairs when it has
// none. See render_csv.cpp for the rules. `escape_controls`: text fields as escape_for_terminal
// shows them (for a terminal only: the data is then no longer byte-exact).
void render_csv(std::ostream& out, const value& report, bool escape_controls = false);

// Tables for people: a "Key: value" block, then one aligned table per list. A report that is
// a list of scalars prints one per line (lint findings, a dry-run script).
void render_table(std::ostream& out, const value& report, const render_options& options = {});

}  // namespace chatcost::output
