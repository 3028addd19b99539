#pragma once
// The --format flag: what stdout carries. One row per format: its name, which view of a report it
// prints (report_views.hpp) and its renderer. Adding a format is a value of `format`, its row
// in format.cpp and its renderer; the flag's choices and every command follow the table.

#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chatcost::output {

class value;
struct render_options;

enum class format { table, json, csv };

// Which view of a report a format prints: tables are for people; JSON, the whole report, and
// CSV, one list, are contracts for programs.
enum class report_view { for_people, whole, one_list };

struct format_spec {
    format which;
    std::string_view name;  // --format NAME
    report_view shows;
    void (*render)(std::ostream& out, const value& report, const render_options& options);
};

// The table, in the order the help lists them; the first is the default.
std::span<const format_spec> formats();

const format_spec& spec_of(format which);

// A format by name; anything else throws failure(exit_code::usage) naming the choices.
format parse_format(std::string_view name);

std::string_view to_string(format which);

// The names, in the table's order: CLI11's choices for --format.
std::vector<std::string> format_names();

}  // namespace chatcost::output
