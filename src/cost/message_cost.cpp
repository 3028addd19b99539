#include "cost/message_cost.hpp"

#include <array>

namespace chatcost::cost {

namespace {

// Why the sum below cannot overflow: a token count is at most largest_token_count (check_usage),
// below 2^40, and a price's units below 2^63, so each product is below 2^103 and the sum of the
// five lines (four categories and reasoning) below 2^106, far inside exact_units. No check is
// needed, and none is made on the hot path.
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

// A token count outside [0, largest_token_count], named by column; nothing when it is inside.
std::optional<std::string> out_of_bounds(std::string_view column, const std::optional<std::int64_t>& tokens) {
    if (!tokens) return std::nullopt;
    if (*tokens < 0) return std::string(column) + " is negative: " + std::to_string(*tokens);
    if (*tokens > largest_token_count) {
        return std::string(column) + " is " + std::to_string(*tokens) + ", above the largest " +
               "plausible count, " + std::to_string(largest_token_count);
    }
    return std::nullopt;
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
    // Every bad column is named, not only the first: whoever fixes the row fixes them all at once.
    std::string problems;
    auto note = [&](std::optional<std::string> problem) {
        if (!problem) return;
        if (!problems.empty()) problems += "; ";
        problems += *problem;
    };
    bool any_set = false;
    for (auto which : all_categories) {
        const auto& tokens = tokens_for(usage, which);
        note(out_of_bounds(token_column(which), tokens));
        any_set = any_set || tokens.has_value();
    }
    // Reasoning is never priced, but it is usage, and an impossible count is bad data (rules 5
    // and 11); being inside output, it cannot be more than output (rule 9).
    auto reasoning_problem = out_of_bounds("reasoning_tokens", usage.reasoning);
    const bool reasoning_in_bounds = !reasoning_problem;
    note(std::move(reasoning_problem));
    if (reasoning_in_bounds && usage.reasoning && usage.output && *usage.reasoning > *usage.output) {
        note("reasoning_tokens (" + std::to_string(*usage.reasoning) + ") is more than output_tokens (" +
             std::to_string(*usage.output) + "), which include them");
    }
    if (!problems.empty()) return invalid_cost{problems};
    if (!any_set && !usage.reasoning) {
        return unpriced_cost{unpriced_reason::no_tokens};
    }
    return std::nullopt;
}

cost_result price_message(const token_usage& usage, const price_schedule& schedule) {
    if (auto rejected = check_usage(usage)) {
        return *std::move(rejected);
    }
    if (!schedule.has_any_price()) {
        return unpriced_cost{unpriced_reason::no_prices};
    }
    priced_cost cost;
    cost.context = context_tokens(usage);
    const auto& level = schedule.level_for(cost.context);  // the whole message at one level (rule 8)
    if (level.is_tier()) {
        cost.tier_size = level.above_context;
    }
    bool any_counted = false;
    auto count = [&](cost_line& line, std::optional<std::int64_t> tokens, priced_line which) {
        line.tokens = tokens;
        line.unit_price = level.price_of(which);
        if (line.counted()) {  // a missing count or price adds 0 (rule 4)
            line.exact = product(*line.tokens, *line.unit_price);
            cost.exact += line.exact;
            any_counted = true;
        }
    };
    count(cost.reasoning, usage.reasoning, priced_line::reasoning);
    for (auto which : all_categories) {
        auto tokens = tokens_for(usage, which);
        // With a reasoning price, output's own price is for the rest of output (rule 9);
        // check_usage made sure reasoning is not more than output.
        if (which == category::output && tokens && cost.reasoning_split()) {
            *tokens -= usage.reasoning.value_or(0);
        }
        count(cost.lines[which], tokens, line_of(which));
    }
    if (!any_counted) {
        return unpriced_cost{unpriced_reason::no_matching_category};
    }
    auto micros = round_up_to_micros(cost.exact);  // once, after the sum (rule 2)
    if (micros > static_cast<exact_units>(largest_cost_micros)) {
        return invalid_cost{"the cost, " + cost.exact_text() + " micro-dollars, is above the largest " +
                            "plausible cost, " + std::to_string(largest_cost_micros) + " ($10,000,000)"};
    }
    cost.micros = static_cast<std::int64_t>(micros);
    return cost;
}

}  // namespace chatcost::cost
