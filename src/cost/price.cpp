#include "cost/price.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "cost/json_number.hpp"

namespace chatcost::cost {

namespace {

constexpr std::size_t quoted_text_limit = 40;
constexpr std::int64_t units_per_micro = 1'000'000;  // 1e-6 USD/M in 1e-12 units

// The offending text for an error message: quoted, escaped so that a control character cannot
// garble a log line, and cut to a readable length on a UTF-8 character boundary.
std::string quote(std::string_view text) {
    bool cut = text.size() > quoted_text_limit;
    if (cut) {
        std::size_t end = quoted_text_limit;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
            --end;
        }
        text = text.substr(0, end);
    }
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7F) {
            constexpr const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[byte >> 4];
            out += hex[byte & 0xF];
        } else {
            out += c;
        }
    }
    out += cut ? "\"…" : "\"";
    return out;
}

parse_result failure(std::string_view text, std::string_view why) {
    return parse_result::failure(quote(text) + " " + std::string(why));
}

std::string above_largest_price() {
    return "is above the largest price, " + price::from_units(price::max_units).to_string() +
           " USD per 1M tokens";
}

}  // namespace

price price::from_units(std::int64_t units) {
    if (units < 0) {
        throw std::out_of_range("price::from_units: negative units " + std::to_string(units));
    }
    return price(units);
}

parse_result price::from_micros_per_million(std::int64_t micros) {
    if (micros < 0) {
        return parse_result::failure(std::to_string(micros) + " micro-dollars per 1M tokens is negative");
    }
    if (micros > max_units / units_per_micro) {
        return parse_result::failure(std::to_string(micros) + " micro-dollars per 1M tokens " +
                                     above_largest_price());
    }
    return price(micros * units_per_micro);
}

parse_result parse_price(std::string_view text) {
    auto parts = scan_json_number(text);
    if (!parts) {
        return failure(text, "is not a decimal number");
    }
    auto [digits, power] = significant_digits(*parts);
    if (digits.empty()) {
        return price();  // "0", "0.000", "-0", "0e999": JSON's -0 is zero, not a negative price
    }
    if (parts->negative) {
        return failure(text, "is negative");
    }
    // value = digits x 10^power; in units that is digits x 10^(power + 12).
    auto shift = power + fraction_digits;
    if (shift < 0) {
        return failure(text, "has more than 12 fractional digits");
    }
    // max_units has 19 digits, so anything longer cannot fit, and anything up to 19 digits fits
    // in 64 unsigned bits (10^19 - 1 < 2^64) for the final comparison.
    if (static_cast<std::int64_t>(digits.size()) + shift > 19) {
        return failure(text, above_largest_price());
    }
    std::uint64_t units = 0;
    for (char c : digits) {
        units = units * 10 + static_cast<std::uint64_t>(c - '0');
    }
    for (; shift > 0; --shift) {
        units *= 10;
    }
    if (units > static_cast<std::uint64_t>(price::max_units)) {
        return failure(text, above_largest_price());
    }
    return price::from_units(static_cast<std::int64_t>(units));
}

}  // namespace chatcost::cost
