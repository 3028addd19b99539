#pragma once
// Prints a report to stdout's stream: JSON and CSV are stable contracts for programs, the
// table is for people. Errors and progress never go here (see log.hpp).

#include <ostream>
#include <string>

#include "output/format.hpp"
#include "output/report_views.hpp"
#include "output/value.hpp"

namespace chatcost::output {

struct render_options {
    bool color = false;        // ANSI SGR in tables; decide with should_use_color (terminal.hpp)
    bool exact_money = false;  // tables show money with all six decimals ("$0.000123")
};

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
// none. See render_csv.cpp for the rules.
void render_csv(std::ostream& out, const value& report);

// Tables for people: a "Key: value" block, then one aligned table per list. A report that is
// a list of scalars prints one per line (lint findings, a dry-run script).
void render_table(std::ostream& out, const value& report, const render_options& options = {});

}  // namespace chatcost::output
