#include "cost/json_number.hpp"

#include <algorithm>

namespace chatcost::cost {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

class number_scanner {
public:
    explicit number_scanner(std::string_view text) : text_(text) {}

    std::optional<json_number> scan() {
        json_number number;
        number.negative = take('-');
        number.whole = digits();
        if (number.whole.empty() || (number.whole.size() > 1 && number.whole.front() == '0')) {
            return std::nullopt;
        }
        if (take('.')) {
            number.fraction = digits();
            if (number.fraction.empty()) return std::nullopt;
        }
        if (take('e') || take('E')) {
            number.has_exponent = true;
            auto exponent = signed_exponent();
            if (!exponent) return std::nullopt;
            number.exponent = *exponent;
        }
        if (at_ != text_.size()) return std::nullopt;
        return number;
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
        while (at_ < text_.size() && is_digit(text_[at_])) ++at_;
        return text_.substr(start, at_ - start);
    }

    // Saturated, so that "1e99999999999999999999" cannot overflow the arithmetic after it.
    std::optional<std::int64_t> signed_exponent() {
        constexpr std::int64_t saturation = 1'000'000'000;
        bool negative = take('-');
        if (!negative) take('+');
        auto text = digits();
        if (text.empty()) return std::nullopt;
        std::int64_t value = 0;
        for (char c : text) value = std::min(saturation, value * 10 + (c - '0'));
        return negative ? -value : value;
    }

    std::string_view text_;
    std::size_t at_ = 0;
};

}  // namespace

std::optional<json_number> scan_json_number(std::string_view text) {
    return number_scanner(text).scan();
}

decimal_digits significant_digits(const json_number& number) {
    std::string all{number.whole};
    all += number.fraction;
    auto first = all.find_first_not_of('0');
    if (first == std::string::npos) return {};
    auto last = all.find_last_not_of('0');
    auto trailing_zeros = static_cast<std::int64_t>(all.size() - 1 - last);
    return {all.substr(first, last - first + 1),
            number.exponent - static_cast<std::int64_t>(number.fraction.size()) + trailing_zeros};
}

std::string_view trim_token(std::string_view token) {
    while (!token.empty() &&
           (token.back() == ' ' || token.back() == '\t' || token.back() == '\n' || token.back() == '\r')) {
        token.remove_suffix(1);
    }
    return token;
}

}  // namespace chatcost::cost
