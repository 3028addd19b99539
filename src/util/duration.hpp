#pragma once
// Durations given on the command line (--wait-lock, --lock-timeout): "500ms", "5s", "2m", "1h";
// a bare integer is seconds. One number and one unit: no fractions, signs or spaces.

#include <chrono>
#include <string>
#include <string_view>

namespace chatcost {

// Throws failure(exit_code::usage) naming the text when it is not a duration or does not fit
// in int64 milliseconds.
std::chrono::milliseconds parse_duration(std::string_view text);

// What parse_duration would say about the text, or "" when it is a duration (for flag checks).
std::string duration_problem(std::string_view text);

// The shortest exact spelling that parse_duration reads back: "1h", "90s", "1500ms", "0s".
std::string format_duration(std::chrono::milliseconds duration);

}  // namespace chatcost
