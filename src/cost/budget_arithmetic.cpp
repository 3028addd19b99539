#include "cost/budget_arithmetic.hpp"

#include <limits>

#include "cost/json_number.hpp"

namespace chatcost::cost {

namespace {

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr int micro_digits = 6;

__extension__ typedef unsigned __int128 wide;

std::int64_t saturated(wide value) {
    return value > static_cast<wide>(int64_max) ? int64_max : static_cast<std::int64_t>(value);
}

result<std::int64_t> refused(std::string_view text, std::string_view why) {
    return result<std::int64_t>::failure("'" + std::string(text) + "' " + std::string(why));
}

}  // namespace

result<std::int64_t> parse_dollar_amount(std::string_view text) {
    auto digits = text;
    if (!digits.empty() && digits.front() == '$') digits.remove_prefix(1);
    auto number = scan_json_number(digits);
    if (!number) return refused(text, "is not an amount of dollars (write it as 12.50 or $12.50)");
    if (number->has_exponent)
        return refused(text, "has an exponent: write the amount in plain digits (1000, not 1e3)");
    if (number->negative) return refused(text, "is negative: a budget is above $0");
    auto fraction = number->fraction;
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
    if (fraction.size() > micro_digits)
        return refused(text, "has more than 6 decimals: micro-dollars ($0.000001) are the smallest amount");
    wide micros = 0;
    for (char digit : number->whole) {
        micros = micros * 10 + static_cast<unsigned>(digit - '0');
        if (micros > static_cast<wide>(int64_max)) break;  // no wrap: 19 digits fit many times over
    }
    for (int place = 0; place < micro_digits; ++place) {
        const auto index = static_cast<std::size_t>(place);
        micros = micros * 10 + (index < fraction.size() ? static_cast<unsigned>(fraction[index] - '0') : 0U);
    }
    if (micros > static_cast<wide>(int64_max))
        return refused(text, "is too large: the largest budget is $9223372036854.775807");
    if (micros == 0) return refused(text, "is $0: a budget is above $0 (unset it to have none)");
    return static_cast<std::int64_t>(micros);
}

std::int64_t spent_per_mille(std::int64_t spend_micros, std::int64_t budget_micros) {
    if (spend_micros <= 0 || budget_micros <= 0) return 0;
    return saturated(static_cast<wide>(spend_micros) * 1000 / static_cast<wide>(budget_micros));
}

std::string per_mille_text(std::int64_t per_mille) {
    return std::to_string(per_mille / 10) + "." + std::to_string(per_mille % 10);
}

std::int64_t projected_spend(std::int64_t spend_micros, std::int64_t elapsed_micros,
                             std::int64_t period_micros) {
    if (spend_micros <= 0 || elapsed_micros <= 0 || elapsed_micros >= period_micros) return spend_micros;
    // spend < 2^63 and period < 2^63: the product fits 126 bits.
    const wide product = static_cast<wide>(spend_micros) * static_cast<wide>(period_micros);
    const wide elapsed = static_cast<wide>(elapsed_micros);
    return saturated((product + elapsed - 1) / elapsed);
}

std::string_view budget_state_name(budget_state state) noexcept {
    switch (state) {
        case budget_state::ok:
            return "ok";
        case budget_state::soft:
            return "soft";
        case budget_state::over:
            return "over";
    }
    return "ok";
}

budget_state budget_state_of(std::int64_t spend_micros, std::int64_t budget_micros,
                             std::optional<std::int64_t> soft_percent) {
    if (spend_micros >= budget_micros) return budget_state::over;
    if (soft_percent && spend_micros > 0 &&
        static_cast<wide>(spend_micros) * 100 >=
            static_cast<wide>(budget_micros) * static_cast<wide>(*soft_percent))
        return budget_state::soft;
    return budget_state::ok;
}

}  // namespace chatcost::cost
