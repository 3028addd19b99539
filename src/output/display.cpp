#include "output/display.hpp"

#include <fmt/format.h>

#include "output/render.hpp"
#include "output/utf8.hpp"

namespace chatcost::output {

namespace {

// Magnitude of an int64 without overflow (INT64_MIN too).
std::uint64_t magnitude(std::int64_t number) {
    return number < 0 ? std::uint64_t{0} - static_cast<std::uint64_t>(number)
                      : static_cast<std::uint64_t>(number);
}

std::string group_thousands(std::uint64_t number) {
    std::string digits = std::to_string(number);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

constexpr std::uint64_t micros_per_dollar = 1'000'000;
constexpr std::uint64_t micros_per_cent = 10'000;

}  // namespace

std::string format_money(std::optional<std::int64_t> micros, bool exact) {
    if (!micros) return "unpriced";
    std::string sign = *micros < 0 ? "-" : "";
    std::uint64_t amount = magnitude(*micros);
    if (exact) {
        return fmt::format("{}${}.{:06}", sign, group_thousands(amount / micros_per_dollar),
                           amount % micros_per_dollar);
    }
    if (amount > 0 && amount < micros_per_cent) return sign + "<$0.01";
    std::uint64_t cents =
        amount / micros_per_cent + (amount % micros_per_cent >= micros_per_cent / 2 ? 1 : 0);
    return fmt::format("{}${}.{:02}", sign, group_thousands(cents / 100), cents % 100);
}

std::string format_price(std::optional<std::int64_t> micros_per_million) {
    if (!micros_per_million) return "unknown";
    std::string sign = *micros_per_million < 0 ? "-" : "";
    std::uint64_t amount = magnitude(*micros_per_million);
    std::string fraction = fmt::format("{:06}", amount % micros_per_dollar);
    while (fraction.size() > 2 && fraction.back() == '0') fraction.pop_back();
    return fmt::format("{}${}.{}", sign, group_thousands(amount / micros_per_dollar), fraction);
}

std::string format_count(std::int64_t number) {
    return (number < 0 ? "-" : "") + group_thousands(magnitude(number));
}

std::string format_decimal(std::string_view digits) {
    std::string out(digits);
    if (out.find('.') == std::string::npos) return out;
    while (out.back() == '0') out.pop_back();
    if (out.back() == '.') out.pop_back();
    if (out == "-0") out = "0";
    return out;
}

std::string escape_for_terminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        utf8_unit unit = decode_utf8(text, i);
        char32_t c = unit.code_point;
        if (!unit.valid) {
            for (std::size_t k = 0; k < unit.length; ++k) {
                fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned char>(text[i + k]));
            }
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20 || c == 0x7F) {
            fmt::format_to(std::back_inserter(out), "\\x{:02x}", static_cast<unsigned>(c));
        } else if ((c >= 0x80 && c <= 0x9F) || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)) {
            fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
            out.append(text.substr(i, unit.length));
        }
        i += unit.length;
    }
    return out;
}

std::string display_scalar(const value& item, bool exact_money) {
    display_kind kind = item.display();
    switch (item.type()) {
        case value_type::null:
            if (kind == display_kind::money_micros) return format_money(std::nullopt);
            if (kind == display_kind::price_micros_per_million) return format_price(std::nullopt);
            return "-";
        case value_type::boolean:
            return item.as_boolean() ? "yes" : "no";
        case value_type::integer:
            switch (kind) {
                case display_kind::money_micros:
                    return format_money(item.as_integer(), exact_money);
                case display_kind::price_micros_per_million:
                    return format_price(item.as_integer());
                case display_kind::tokens:
                case display_kind::count:
                    return format_count(item.as_integer());
                default:
                    return std::to_string(item.as_integer());
            }
        case value_type::text:
            if (kind == display_kind::decimal) return format_decimal(item.as_text());
            return escape_for_terminal(item.as_text());
        case value_type::object:
        case value_type::array:
            return escape_for_terminal(to_compact_json(item));
    }
    return {};
}

}  // namespace chatcost::output
