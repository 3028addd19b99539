#include "cost/message_cost.hpp"

#include <array>
#include <limits>

namespace chatcost::cost {

namespace {

constexpr auto largest_micros = std::numeric_limits<std::int64_t>::max();

// Why the sum below cannot overflow: a token count and a price's units are each a non-negative
// int64, so each is at most 2^63 - 1 and their product is below 2^126. The sum of four such
// products is below 4 x 2^126 = 2^128, the range of exact_units. No check is needed, and none
// is made on the hot path.
exact_units product(std::int64_t tokens, price unit_price) noexcept {
    return static_cast<exact_units>(tokens) * static_cast<exact_units>(unit_price.units());
}

// ceil(exact / 1e12): tokens x (USD per 1M) is micro-dollars, and exact counts 1e-12 of them.
// Sums below 2^64 (every realistic message) take the 64-bit division, several times cheaper
// than the 128-bit one.
exact_units round_up_to_micros(exact_units exact) noexcept {
    if (exact >> 64 == 0) {
        auto narrow = static_cast<std::uint64_t>(exact);
        return narrow / units_per_whole + (narrow % units_per_whole != 0);
    }
    return exact / units_per_whole + (exact % units_per_whole != 0);
}

invalid_cost negative_tokens(std::string_view column, std::int64_t tokens) {
    return {std::string(column) + " is negative: " + std::to_string(tokens)};
}

}  // namespace

std::string_view name(unpriced_reason reason) noexcept {
    constexpr std::array<std::string_view, 4> names{"no_tokens", "no_model_config", "no_prices",
                                                    "no_matching_category"};
    return names[static_cast<std::size_t>(reason)];
}

std::string_view describe(unpriced_reason reason) noexcept {
    constexpr std::array<std::string_view, 4> texts{"no token count is set",
                                                    "the message has no model config", "no price is known",
                                                    "no category has both tokens and a price"};
    return texts[static_cast<std::size_t>(reason)];
}

std::optional<cost_result> check_usage(const token_usage& usage) {
    bool any_set = false;
    for (auto which : all_categories) {
        const auto& tokens = tokens_for(usage, which);
        if (tokens && *tokens < 0) {
            return negative_tokens(token_column(which), *tokens);
        }
        any_set = any_set || tokens.has_value();
    }
    // Reasoning is never priced, but it is usage, and a negative count is bad data (rule 5).
    if (usage.reasoning && *usage.reasoning < 0) {
        return negative_tokens("reasoning_tokens", *usage.reasoning);
    }
    if (!any_set && !usage.reasoning) {
        return unpriced_cost{unpriced_reason::no_tokens};
    }
    return std::nullopt;
}

cost_result price_message(const token_usage& usage, const price_set& prices) {
    if (auto rejected = check_usage(usage)) {
        return *std::move(rejected);
    }
    if (!has_any_price(prices)) {
        return unpriced_cost{unpriced_reason::no_prices};
    }
    priced_cost cost;
    bool any_counted = false;
    for (auto which : all_categories) {
        auto& line = cost.lines[which];
        line.tokens = tokens_for(usage, which);
        line.unit_price = prices[which];
        if (line.counted()) {  // a missing count or price adds 0 (rule 4)
            line.exact = product(*line.tokens, *line.unit_price);
            cost.exact += line.exact;
            any_counted = true;
        }
    }
    if (!any_counted) {
        return unpriced_cost{unpriced_reason::no_matching_category};
    }
    auto micros = round_up_to_micros(cost.exact);  // once, after the sum (rule 2)
    if (micros > static_cast<exact_units>(largest_micros)) {
        return invalid_cost{"the cost, " + cost.exact_text() +
                            " micro-dollars, is above the largest storable, " +
                            std::to_string(largest_micros)};
    }
    cost.micros = static_cast<std::int64_t>(micros);
    return cost;
}

}  // namespace chatcost::cost
