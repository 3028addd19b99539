#pragma once
// The fast path: a message's total_cost_micros and whether it is priced, unpriced or invalid,
// without the explain-grade breakdown of price_message (message_cost.hpp). For backfill, which
// prices millions of messages and stores only the total. Inline and allocation-free; it returns
// exactly what price_message returns (micros, status, unpriced reason) for every input, which
// test_cost_total_cost.cpp checks over random cases. For an invalid message it gives no reason:
// call price_message for that message to get the text to report (invalid data is rare).

#include <cstdint>
#include <optional>

#include "cost/exact_units.hpp"
#include "cost/message_cost.hpp"
#include "cost/price_schedule.hpp"
#include "cost/token_usage.hpp"

namespace chatcost::cost {

enum class cost_status : std::uint8_t { priced, unpriced, invalid };

struct cost_total {
    std::int64_t micros = 0;  // priced only: ceil of the exact sum (rule 2)
    cost_status status = cost_status::unpriced;
    unpriced_reason reason = unpriced_reason::no_tokens;  // unpriced only

    // What total_cost_micros stores: the cost when priced, NULL otherwise.
    std::optional<std::int64_t> stored() const noexcept {
        return status == cost_status::priced ? std::optional(micros) : std::nullopt;
    }

    static constexpr cost_total priced(std::int64_t micros) noexcept { return {micros, cost_status::priced}; }
    static constexpr cost_total unpriced(unpriced_reason why) noexcept {
        return {0, cost_status::unpriced, why};
    }
    static constexpr cost_total invalid() noexcept { return {0, cost_status::invalid}; }

    friend bool operator==(const cost_total&, const cost_total&) = default;
};

// An explain-grade result seen as the fast path sees it: total_cost returns exactly this for
// the same usage and schedule.
inline cost_total total_of(const cost_result& result) noexcept {
    if (const auto* priced = result.priced()) return cost_total::priced(priced->micros);
    if (const auto* unpriced = result.unpriced()) return cost_total::unpriced(unpriced->reason);
    return cost_total::invalid();
}

// The same checks, in the same order, as check_usage and price_message: bounds and
// reasoning <= output; no token set; no price at all; the level (rule 8); no category with
// both tokens and a price; the cost bound (rule 11).
inline cost_total total_cost(const token_usage& usage, const price_schedule& schedule) noexcept {
    // Unsigned from here on: a negative count becomes a huge one, so that one comparison checks
    // both ends of the bound, and the products below are plain 64 x 64 -> 128-bit ones.
    auto count = [](const std::optional<std::int64_t>& tokens) {
        return static_cast<std::uint64_t>(tokens.value_or(0));
    };
    const std::uint64_t input = count(usage.input);
    const std::uint64_t output = count(usage.output);
    const std::uint64_t reasoning = count(usage.reasoning);
    const std::uint64_t cache_read = count(usage.cache_read);
    const std::uint64_t cache_creation = count(usage.cache_creation);

    // Every count below 2^39 (5.5e11, under the bound) is one test on the bits of all five;
    // only a count that high is compared with the bound itself.
    constexpr std::uint64_t surely_inside = std::uint64_t{1} << 39;
    static_assert(surely_inside <= static_cast<std::uint64_t>(largest_token_count));
    if ((input | output | reasoning | cache_read | cache_creation) >= surely_inside) {
        constexpr auto bound = static_cast<std::uint64_t>(largest_token_count);
        if (input > bound || output > bound || reasoning > bound || cache_read > bound ||
            cache_creation > bound) {
            return cost_total::invalid();
        }
    }
    if (usage.output && reasoning > output) {  // reasoning is inside output
        return cost_total::invalid();
    }

    using bit = unsigned;
    const bit present = bit{usage.input.has_value()} | bit{usage.output.has_value()} << 1 |
                        bit{usage.cache_read.has_value()} << 2 | bit{usage.cache_creation.has_value()} << 3 |
                        bit{usage.reasoning.has_value()} << 4;
    if (present == 0) return cost_total::unpriced(unpriced_reason::no_tokens);
    if (!schedule.has_any_price()) return cost_total::unpriced(unpriced_reason::no_prices);

    const price_level& level =
        schedule.level_for(static_cast<std::int64_t>(input + cache_read + cache_creation));
    if ((present & level.known) == 0) return cost_total::unpriced(unpriced_reason::no_matching_category);

    // With a reasoning price, output's own price applies to output - reasoning (rule 9). Unknown
    // prices are 0 units and missing counts 0 tokens, so they add 0 (rule 4).
    const bool split = usage.output && level.is_known(priced_line::reasoning);
    const std::uint64_t output_own = split ? output - reasoning : output;
    auto product = [&](std::uint64_t tokens, priced_line line) {
        return static_cast<exact_units>(tokens) *
               static_cast<std::uint64_t>(level.units[static_cast<std::size_t>(line)]);
    };
    const exact_units exact = product(input, priced_line::input) + product(output_own, priced_line::output) +
                              product(cache_read, priced_line::cache_read) +
                              product(cache_creation, priced_line::cache_write) +
                              product(reasoning, priced_line::reasoning);

    // ceil(exact / 1e12), once (rule 2). Below 2^63 units (9.2 M micro-dollars, every realistic
    // message) 64-bit arithmetic does it, and no bound can be passed.
    if (exact >> 63 == 0) {
        auto narrow = static_cast<std::uint64_t>(exact);
        return cost_total::priced(
            static_cast<std::int64_t>((narrow + (units_per_whole - 1)) / units_per_whole));
    }
    // micros > largest_cost_micros exactly when exact > largest_cost_micros x 1e12.
    constexpr exact_units largest_exact = static_cast<exact_units>(largest_cost_micros) * units_per_whole;
    if (exact > largest_exact) return cost_total::invalid();
    return cost_total::priced(static_cast<std::int64_t>((exact + (units_per_whole - 1)) / units_per_whole));
}

}  // namespace chatcost::cost
