#include "cost/price.hpp"

#include <algorithm>
#include <optional>
#include <stdexcept>

namespace chatcost::cost {

namespace {

constexpr std::size_t quoted_text_limit = 40;
constexpr std::int64_t units_per_micro = 1'000'000;  // 1e-6 USD/M in 1e-12 units

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

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

// The pieces of a number that matched JSON's grammar: digits before and after the point, the
// exponent (saturated far beyond any meaningful value, so that "1e99999999999999999999" cannot
// overflow), and the sign.
struct number_parts {
    bool negative = false;
    std::string_view whole;
    std::string_view fraction;
    std::int64_t exponent = 0;
};

class number_scanner {
public:
    explicit number_scanner(std::string_view text) : text_(text) {}

    // RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    std::optional<number_parts> scan() {
        number_parts parts;
        parts.negative = take('-');
        parts.whole = digits();
        if (parts.whole.empty() || (parts.whole.size() > 1 && parts.whole.front() == '0')) {
            return std::nullopt;
        }
        if (take('.')) {
            parts.fraction = digits();
            if (parts.fraction.empty()) {
                return std::nullopt;
            }
        }
        if (take('e') || take('E')) {
            auto exponent = signed_exponent();
            if (!exponent) {
                return std::nullopt;
            }
            parts.exponent = *exponent;
        }
        if (at_ != text_.size()) {
            return std::nullopt;
        }
        return parts;
    }

private:
    bool take(char c) {
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }

    std::string_view digits() {
        auto start = at_;
        while (at_ < text_.size() && is_digit(text_[at_])) {
            ++at_;
        }
        return text_.substr(start, at_ - start);
    }

    std::optional<std::int64_t> signed_exponent() {
        constexpr std::int64_t saturation = 1'000'000'000;
        bool negative = take('-');
        if (!negative) {
            take('+');
        }
        auto text = digits();
        if (text.empty()) {
            return std::nullopt;
        }
        std::int64_t value = 0;
        for (char c : text) {
            value = std::min(saturation, value * 10 + (c - '0'));
        }
        return negative ? -value : value;
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

// The significant digits of whole.fraction, without leading or trailing zeros, and the power
// of ten they are to be multiplied by. Empty digits mean the value is zero.
struct significand {
    std::string digits;
    std::int64_t power = 0;
};

significand significant_digits(const number_parts& parts) {
    std::string all{parts.whole};
    all += parts.fraction;
    auto first = all.find_first_not_of('0');
    if (first == std::string::npos) {
        return {};
    }
    auto last = all.find_last_not_of('0');
    auto trailing_zeros = static_cast<std::int64_t>(all.size() - 1 - last);
    return {all.substr(first, last - first + 1),
            parts.exponent - static_cast<std::int64_t>(parts.fraction.size()) + trailing_zeros};
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

price parse_result::value() const {
    if (const auto* value = std::get_if<price>(&outcome_)) {
        return *value;
    }
    throw std::logic_error("parse_result::value() on a failure: " + std::get<std::string>(outcome_));
}

const std::string& parse_result::error() const noexcept {
    static const std::string none;
    const auto* message = std::get_if<std::string>(&outcome_);
    return message ? *message : none;
}

parse_result parse_price(std::string_view text) {
    auto parts = number_scanner(text).scan();
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
