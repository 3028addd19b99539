#pragma once
// A price: US dollars per 1,000,000 tokens, an exact decimal with at most 12 fractional digits
// (DESIGN §2 rules 1 and 5), and the two ways one enters the program: decimal text from a model
// config, and the price book's integer micro-dollars.

#include <compare>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <utility>

#include "cost/exact_units.hpp"
#include "util/result.hpp"

namespace chatcost::cost {

class price;

// A price, or why there is none. Ordinary bad data is a value here, not an exception: a caller
// pricing a million rows reports each bad one and carries on. The message names the offending
// text, quoted: `"abc" is not a decimal number`.
using parse_result = result<price>;

class price {
public:
    // The largest price is INT64_MAX units: 9223372.036854775807 USD per 1M tokens.
    static constexpr std::int64_t max_units = std::numeric_limits<std::int64_t>::max();

    constexpr price() noexcept = default;  // free: $0 per 1M tokens

    // `units` counts 1e-12 USD per 1M tokens, so 3'750'000'000'000 is $3.75/M.
    // Throws std::out_of_range when negative: data goes through parse_price or
    // from_micros_per_million, which report bad values instead.
    static price from_units(std::int64_t units);

    // The price book's integer, micro-dollars per 1M tokens (3000000 = $3/M). Fails when
    // negative or above max_units / 1e6.
    static parse_result from_micros_per_million(std::int64_t micros);

    constexpr std::int64_t units() const noexcept { return units_; }

    // Exact decimal text without trailing zeros: "3.75", "0.000001", "0".
    std::string to_string() const { return to_decimal_text(static_cast<exact_units>(units_)); }

    friend constexpr auto operator<=>(price, price) noexcept = default;

private:
    constexpr explicit price(std::int64_t units) noexcept : units_(units) {}

    std::int64_t units_ = 0;
};

// Parses a price exactly as written, from a JSON string's content ("3.75") or a raw JSON number
// token (3.75, 1e-2, 1E+2). The grammar is JSON's number grammar, strictly, in both cases: no
// '+', no leading zeros, no spaces, no ".5" or "5.", no hex, NaN or Infinity. "-0" (any zero
// with a minus sign) is zero, as JSON reads it; any other negative value is an error, as is a
// nonzero digit past the 12th fractional place ("1e-13", "0.30000000000000004": these are not
// rounded) and a value above price::max_units. Zeros past the 12th place are fine
// ("1.0000000000000000" is exactly 1).
parse_result parse_price(std::string_view text);

}  // namespace chatcost::cost
