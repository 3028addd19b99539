#include "util/duration.hpp"

#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost {

namespace {

[[noreturn]] void reject(std::string_view text, std::string_view why) {
    throw failure(exit_code::usage, fmt::format("invalid duration '{}': {}", text, why),
                  "write a whole number with a unit: 500ms, 5s, 2m or 1h (a bare number is seconds)");
}

// Milliseconds per unit, or 0 for an unknown unit.
std::int64_t unit_millis(std::string_view unit) {
    if (unit.empty() || unit == "s") return 1'000;
    if (unit == "ms") return 1;
    if (unit == "m") return 60'000;
    if (unit == "h") return 3'600'000;
    return 0;
}

}  // namespace

std::chrono::milliseconds parse_duration(std::string_view text) {
    if (text.empty()) reject(text, "it is empty");
    std::size_t digits = 0;
    while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
    if (digits == 0) reject(text, "it does not start with a number");
    std::int64_t factor = unit_millis(text.substr(digits));
    if (factor == 0) reject(text, fmt::format("unknown unit '{}'", text.substr(digits)));
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    std::int64_t number = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        int digit = text[i] - '0';
        if (number > (max - digit) / 10) reject(text, "it is too large");
        number = number * 10 + digit;
    }
    if (number > max / factor) reject(text, "it is too large");
    return std::chrono::milliseconds(number * factor);
}

std::string duration_problem(std::string_view text) {
    try {
        parse_duration(text);
        return "";
    } catch (const failure& error) {
        return error.what();
    }
}

std::string format_duration(std::chrono::milliseconds duration) {
    auto ms = duration.count();
    if (ms == 0) return "0s";
    if (ms % 3'600'000 == 0) return fmt::format("{}h", ms / 3'600'000);
    if (ms % 60'000 == 0) return fmt::format("{}m", ms / 60'000);
    if (ms % 1'000 == 0) return fmt::format("{}s", ms / 1'000);
    return fmt::format("{}ms", ms);
}

}  // namespace chatcost
