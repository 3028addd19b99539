#include "pricebook/micros_conversion.hpp"

#include "cost/json_number.hpp"
#include "pricebook/price_book.hpp"

namespace chatcost::pricebook {

namespace {

constexpr int micro_digits = 6;  // 1 USD = 10^6 micro-dollars

// The integer digits[0, keep) and whether the dropped part is at least half a unit. keep may
// be negative or beyond the digits: missing digits are zeros.
struct split_digits {
    std::string_view kept;
    bool round_up = false;
};

split_digits split(std::string_view digits, std::int64_t keep) {
    if (keep >= static_cast<std::int64_t>(digits.size())) return {digits, false};
    if (keep < 0) return {{}, false};  // a zero follows the point before the first digit: < 0.5
    auto at = static_cast<std::size_t>(keep);
    return {digits.substr(0, at), digits[at] >= '5'};
}

}  // namespace

micros_conversion usd_per_million_to_micros(std::string_view number_text) {
    auto number = cost::scan_json_number(number_text);
    if (!number) return {conversion_status::not_a_number, std::nullopt};
    auto [digits, power] = cost::significant_digits(*number);
    if (digits.empty()) return {conversion_status::exact, 0};  // "0", "0.00", "-0", "0e5"
    if (number->negative) return {conversion_status::negative, std::nullopt};

    // value in micros = digits x 10^shift
    std::int64_t shift = power + micro_digits;
    // max_micros_per_million has 13 digits; anything with more integer digits is too large,
    // and anything up to 19 digits fits in 64 unsigned bits for the comparison below.
    if (static_cast<std::int64_t>(digits.size()) + shift > 19) {
        return {conversion_status::too_large, std::nullopt};
    }
    auto [kept, round_up] = split(digits, static_cast<std::int64_t>(digits.size()) + shift);
    std::uint64_t micros = 0;
    for (char c : kept) micros = micros * 10 + static_cast<std::uint64_t>(c - '0');
    for (; shift > 0; --shift) micros *= 10;
    if (round_up) ++micros;
    if (micros > static_cast<std::uint64_t>(max_micros_per_million)) {
        return {conversion_status::too_large, std::nullopt};
    }
    // digits has no trailing zeros, so any dropped digit was nonzero: the value was inexact.
    bool inexact = kept.size() < digits.size();
    return {inexact ? conversion_status::rounded : conversion_status::exact,
            static_cast<std::int64_t>(micros)};
}

}  // namespace chatcost::pricebook
