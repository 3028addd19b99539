#include "cmd/flag_checks.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "output/utf8.hpp"
#include "util/integer_text.hpp"
#include "util/time_range.hpp"

namespace chatcost::commands {

namespace {

std::string range_text(std::int64_t least, std::int64_t most) {
    if (most == largest_whole_number) return fmt::format("({} or more)", least);
    return fmt::format("from {} to {}", least, most);
}

// The offset of the first ill-formed UTF-8 sequence, or npos.
std::size_t bad_utf8_at(const std::string& text) {
    for (std::size_t at = 0; at < text.size();) {
        auto unit = output::decode_utf8(text, at);
        if (!unit.valid) return at;
        at += unit.length;
    }
    return std::string::npos;
}

}  // namespace

std::string shown_value(const std::string& text) {
    std::string shown;
    for (std::size_t at = 0; at < text.size();) {
        auto unit = output::decode_utf8(text, at);
        if (unit.valid) {
            shown.append(text, at, unit.length);
        } else {
            for (std::size_t i = 0; i < unit.length; ++i)
                shown += fmt::format("\\x{:02X}", static_cast<unsigned char>(text[at + i]));
        }
        at += unit.length;
    }
    return shown;
}

CLI::Validator whole_number(std::int64_t least, std::int64_t most) {
    return CLI::Validator(
        [least, most](std::string& text) -> std::string {
            auto number = parse_int64(text);
            std::string why;
            if (!number) {
                const bool digits = !text.empty() &&
                                    text.find_first_not_of("-0123456789") == std::string::npos &&
                                    text.find('-', 1) == std::string::npos && text != "-";
                why = digits ? fmt::format("it is beyond {}", text.front() == '-' ? "-9223372036854775808"
                                                                                  : "9223372036854775807")
                             : "it is not written in digits only";
            } else if (*number < least) {
                why = fmt::format("it is below {}", least);
            } else if (*number > most) {
                why = fmt::format("it is above {}", most);
            } else {
                return {};
            }
            return fmt::format("'{}' is not a whole number {}: {}", shown_value(text),
                               range_text(least, most), why);
        },
        "N");
}

CLI::Validator positive_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            char* end = nullptr;
            errno = 0;
            const double number = text.empty() ? 0 : std::strtod(text.c_str(), &end);
            // strtod also reads hexadecimal, "nan" and "inf", which no rate is.
            const bool numeral = !text.empty() && end == text.c_str() + text.size() &&
                                 text.find_first_of("xXnN") == std::string::npos;
            std::string why;
            if (!numeral) {
                why = "it is not a decimal number such as 500 or 2.5";
            } else if (!std::isfinite(number) || errno == ERANGE) {
                why = "it is too large";
            } else if (number <= 0) {
                why = "it is 0 or less";
            } else {
                return {};
            }
            return fmt::format("'{}' is not a number above 0: {}", shown_value(text), why);
        },
        "NUMBER");
}

CLI::Validator instant_value() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            auto bound = parse_time_bound(text);
            if (!bound) return bound.error() + ": give YYYY-MM-DD (midnight UTC) or RFC 3339 with an offset";
            // A date is midnight UTC: an effective time must not depend on where it is typed.
            text = bound.value().is_date() ? bound.value().text + "T00:00:00Z" : bound.value().text;
            return {};
        },
        "TIME");
}

CLI::Validator model_key_value() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            auto slash = text.find('/');
            if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) {
                return fmt::format("'{}' is not PROVIDER/MODEL, e.g. openai/gpt-4o", shown_value(text));
            }
            return {};
        },
        "PROVIDER/MODEL");
}

model_key split_model_key(const std::string& text) {
    auto slash = text.find('/');
    return {text.substr(0, slash), text.substr(slash + 1)};
}

CLI::Validator text_value(const std::string& what, bool may_be_empty) {
    return CLI::Validator(
        [what, may_be_empty](std::string& text) -> std::string {
            if (text.empty() && !may_be_empty) return fmt::format("'' is empty: give {}", what);
            if (auto at = bad_utf8_at(text); at != std::string::npos) {
                return fmt::format("'{}' is not valid UTF-8: byte {} does not begin a character; give {}",
                                   shown_value(text), at + 1, what);
            }
            return {};
        },
        "TEXT");
}

}  // namespace chatcost::commands
