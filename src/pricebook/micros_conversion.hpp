#pragma once
// models.dev's prices (USD per 1M tokens, JSON numbers) to the price book's integers
// (micro-dollars per 1M tokens), exactly from the number's text: no floating point.

#include <cstdint>
#include <optional>
#include <string_view>

namespace chatcost::pricebook {

enum class conversion_status {
    exact,         // micros holds the value
    rounded,       // finer than a micro-dollar: micros holds it rounded half away from zero
    negative,      // below zero ("-0" is zero, as JSON reads it): no value
    too_large,     // above max_micros_per_million: no value
    not_a_number,  // not JSON's number grammar: no value
};

struct micros_conversion {
    conversion_status status = conversion_status::not_a_number;
    std::optional<std::int64_t> micros;
};

// "3" -> 3000000 exact; "0.075" -> 75000 exact; "1e-2" -> 10000 exact;
// "0.0000025" -> 3 rounded; "0.0000004" -> 0 rounded; "-1" -> negative.
micros_conversion usd_per_million_to_micros(std::string_view number_text);

}  // namespace chatcost::pricebook
