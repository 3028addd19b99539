#pragma once
// A JSON number's text, taken apart exactly: the price parser and the price book readers get
// numbers as text (never as binary64 values), so every digit written is the digit used.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chatcost::cost {

struct json_number {
    bool negative = false;
    std::string_view whole;     // digits before the point
    std::string_view fraction;  // digits after it; empty when there is no point
    bool has_exponent = false;
    std::int64_t exponent = 0;  // saturated at +-1e9, far beyond any meaningful value

    // Written as plain digits: no point, no exponent ("3000000", "-5"; not "3e6" or "1.0").
    bool is_integer_literal() const { return fraction.empty() && !has_exponent; }
};

// RFC 8259's grammar, strictly: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
// nullopt for anything else ("+1", "01", ".5", "1.", "NaN", "1.2.3").
std::optional<json_number> scan_json_number(std::string_view text);

// The value as significant digits (no leading or trailing zeros) times a power of ten:
// "0.0375" is {"375", -4}, "1.5e3" is {"15", 2}. Empty digits mean zero (also for "-0").
struct decimal_digits {
    std::string digits;
    std::int64_t power = 0;
};

decimal_digits significant_digits(const json_number& number);

// A raw token without the whitespace simdjson leaves after it ("1 " -> "1").
std::string_view trim_token(std::string_view token);

}  // namespace chatcost::cost
