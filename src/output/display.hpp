#pragma once
// How figures and text look to people: the rules tables and text logs share. JSON and CSV
// never use these (they print raw figures).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "output/value.hpp"

namespace chatcost::output {

// Micro-dollars as dollars. Rounded half up to cents: "$1,234.57", "$0.00" only for 0, and
// "<$0.01" for any amount between 0 and one cent, so a cost is never shown as free.
// exact: all six decimals, "$0.000123". Negative amounts lead with a minus sign ("-$1.23",
// "-<$0.01"). Null is "unpriced", never $0.
std::string format_money(std::optional<std::int64_t> micros, bool exact = false);

// Micro-dollars per 1M tokens as dollars per 1M tokens, exact, with at least two decimals and
// no trailing zeros past them: "$3.00", "$0.075", "$0.000001". Null is "unknown".
std::string format_price(std::optional<std::int64_t> micros_per_million);

// 1234567 -> "1,234,567"; negative with a leading minus.
std::string format_count(std::int64_t number);

// An exact decimal without trailing fractional zeros: "0.000001500000" -> "0.0000015",
// "3.000" -> "3".
std::string format_decimal(std::string_view digits);

// Text made safe and visible on a terminal: C0 controls (ESC too), DEL and C1 controls
// become escapes ("\n", "\t", "\r", "\x1b", "\u009b"), so do the bidirectional overrides and
// isolates (U+202A-U+202E, U+2066-U+2069) that can make a line read differently from its
// bytes; each byte of ill-formed UTF-8 becomes "\xNN". Backslashes are kept as they are:
// this is for reading, the JSON format is the unambiguous one.
std::string escape_for_terminal(std::string_view text);

// A value as a table cell shows it, already escaped. Null shows "-" unless its kind says
// otherwise (money "unpriced", price "unknown"); booleans "yes"/"no"; objects and arrays as
// compact JSON.
std::string display_scalar(const value& item, bool exact_money);

}  // namespace chatcost::output
