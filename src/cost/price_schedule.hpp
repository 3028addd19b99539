#pragma once
// Everything a message can be charged at (DESIGN §2 rules 8 and 9): a base price set, an
// optional reasoning price, and long-context tiers. A plain price_set is a schedule without
// tiers and without a reasoning price, and converts to one implicitly, so that callers written
// for flat prices keep compiling and pricing exactly as before.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

#include "cost/category.hpp"
#include "cost/price.hpp"
#include "cost/price_set.hpp"
#include "cost/token_usage.hpp"
#include "util/result.hpp"

namespace chatcost::cost {

// A long-context tier (rule 8): it prices the whole message, every category, when the message's
// context (input + cache read + cache creation tokens) is strictly above `size`. A category the
// tier leaves out (nullopt) is charged at the base's price for that category, and a tier without
// a reasoning price at the base's reasoning price. (models.dev's catalogue of 2026-07 has no tier
// with a reasoning price; a tier may carry one, and then it replaces the base's like any other.)
struct context_tier {
    std::int64_t size = 0;
    price_set prices{};
    std::optional<price> reasoning{};

    friend bool operator==(const context_tier&, const context_tier&) = default;
};

// The five prices a message can be charged at: the four categories, then reasoning.
enum class priced_line : std::uint8_t { input, output, cache_read, cache_write, reasoning };
inline constexpr std::size_t priced_line_count = 5;

constexpr priced_line line_of(category which) noexcept {
    return static_cast<priced_line>(which);  // the first four lines are the categories, in order
}

// One level of a schedule, the base or a tier, with the base's prices already filled in where
// the tier has none: what prices a message, in the form the fast path reads (total_cost.hpp).
struct price_level {
    std::int64_t above_context = -1;  // applies when the context is above this; -1 for the base
    std::array<std::int64_t, priced_line_count> units{};  // price::units(), 0 where unknown
    std::uint8_t known = 0;      // bit 1 << priced_line: that price is known (unknown is not free)
    std::uint8_t inherited = 0;  // bit 1 << priced_line: a tier's price taken from the base

    static constexpr std::uint8_t bit(priced_line line) noexcept {
        return static_cast<std::uint8_t>(1U << static_cast<unsigned>(line));
    }
    bool is_known(priced_line line) const noexcept { return (known & bit(line)) != 0; }
    bool is_inherited(priced_line line) const noexcept { return (inherited & bit(line)) != 0; }
    std::optional<price> price_of(priced_line line) const;  // nullopt where unknown
    bool is_tier() const noexcept { return above_context >= 0; }

    friend bool operator==(const price_level&, const price_level&) = default;
};

class price_schedule {
public:
    price_schedule() noexcept = default;  // no price at all
    // Implicit on purpose: a flat price set is a schedule without tiers or reasoning price.
    price_schedule(const price_set& base) noexcept : price_schedule(base, std::nullopt) {}
    price_schedule(const price_set& base, std::optional<price> reasoning) noexcept;

    // A schedule with tiers, given in any order. Fails, naming the size, when a tier's size is
    // not positive or two tiers have the same size: which one would apply is then not defined.
    static result<price_schedule> with_tiers(const price_set& base, std::optional<price> reasoning,
                                             std::vector<context_tier> tiers);

    price_set base_prices() const;
    std::optional<price> reasoning_price() const { return base_.price_of(priced_line::reasoning); }
    // The tiers by increasing size, as given: a category a tier leaves out is nullopt here.
    std::vector<context_tier> tiers() const;
    std::size_t tier_count() const noexcept { return tiers_.size(); }

    // False when neither the base, nor the reasoning price, nor any tier holds a price: such a
    // schedule leaves every message unpriced (no_prices).
    bool has_any_price() const noexcept { return any_price_; }

    // The level that prices a message of this context: the tier with the largest size the
    // context is strictly above, else the base. Inline: the fast path calls it per message.
    const price_level& level_for(std::int64_t context) const noexcept {
        for (const auto& tier : tiers_) {  // by decreasing size: the first one exceeded wins
            if (context > tier.above_context) return tier;
        }
        return base_;
    }

    friend bool operator==(const price_schedule&, const price_schedule&) = default;

private:
    price_level base_{};
    std::vector<price_level> tiers_{};  // by decreasing size; empty (no allocation) without tiers
    bool any_price_ = false;
};

// A message's context for rule 8: input + cache read + cache creation tokens, a missing count
// as 0. Counts within largest_token_count (check_usage) cannot make the sum wrap.
constexpr std::int64_t context_tokens(const token_usage& usage) noexcept {
    return usage.input.value_or(0) + usage.cache_read.value_or(0) + usage.cache_creation.value_or(0);
}

}  // namespace chatcost::cost
