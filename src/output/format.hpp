#pragma once
// The --format flag: what stdout carries.

#include <string_view>

namespace chatcost::output {

enum class format { table, json, csv };

// "table", "json" or "csv"; anything else throws failure(exit_code::usage).
format parse_format(std::string_view name);

std::string_view to_string(format which);

}  // namespace chatcost::output
