#pragma once
// One message's cost in whole micro-dollars (DESIGN §2 rules 2-5): the four exact products
// summed, then rounded up once. The result is priced, unpriced (NULL: unknown) or invalid
// (bad data, to be reported by message id), and says which.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "cost/category.hpp"
#include "cost/exact_units.hpp"
#include "cost/price.hpp"
#include "cost/price_schedule.hpp"
#include "cost/price_set.hpp"
#include "cost/token_usage.hpp"

namespace chatcost::cost {

// Why a message's cost is NULL. Checked in this order, so a message without usage is
// no_tokens whatever its prices: it has nothing to price.
enum class unpriced_reason {
    no_tokens,             // no token column is set (reasoning counts as set)
    no_model_config,       // the message has no model config (see price_resolution.hpp)
    no_prices,             // the resolved prices are all unknown
    no_matching_category,  // no category has both tokens and a price
};

std::string_view name(unpriced_reason reason) noexcept;      // stable, for JSON: "no_prices"
std::string_view describe(unpriced_reason reason) noexcept;  // for people: "no price is known"

// One category's share, for explain: its tokens, its price and their exact product.
struct cost_line {
    std::optional<std::int64_t> tokens{};
    std::optional<price> unit_price{};
    exact_units exact = 0;  // tokens x price, in 1e-12 micro-dollars; 0 unless counted()

    bool counted() const noexcept { return tokens && unit_price; }
    // The exact product in micro-dollars, up to 12 fractional digits: "0.5", "3750".
    std::string exact_text() const { return to_decimal_text(exact); }
};

struct priced_cost {
    std::int64_t micros = 0;  // the value of total_cost_micros: ceil(exact)
    exact_units exact = 0;    // the unrounded sum, in 1e-12 micro-dollars
    // Each category at the applied level's price. With a reasoning price, the output line holds
    // output - reasoning tokens (rule 9); without one, all output tokens.
    per_category<cost_line> lines{};
    // The reasoning tokens at the reasoning price (rule 9). Without a reasoning price the line
    // shows the tokens, has no price, and is never counted (rule 3).
    cost_line reasoning{};
    // The context that chose the level (input + cache read + cache creation tokens, rule 8),
    // and the size of the tier that applied: nullopt when the base prices applied.
    std::int64_t context = 0;
    std::optional<std::int64_t> tier_size{};

    bool reasoning_split() const noexcept { return reasoning.unit_price.has_value(); }

    // The unrounded sum in micro-dollars, up to 12 fractional digits. Made on demand, so that
    // pricing allocates nothing.
    std::string exact_text() const { return to_decimal_text(exact); }
};

struct unpriced_cost {
    unpriced_reason reason{};
};

struct invalid_cost {
    std::string reason{};  // names the column or the config and the bad value
};

// Exactly one of priced, unpriced, invalid.
class cost_result {
public:
    // Implicit on purpose, so that the engine can `return unpriced_cost{...};`.
    cost_result(priced_cost cost) : outcome_(std::move(cost)) {}
    cost_result(unpriced_cost cost) : outcome_(cost) {}
    cost_result(invalid_cost cost) : outcome_(std::move(cost)) {}

    // Each is nullptr unless the result is of that kind.
    const priced_cost* priced() const noexcept { return std::get_if<priced_cost>(&outcome_); }
    const unpriced_cost* unpriced() const noexcept { return std::get_if<unpriced_cost>(&outcome_); }
    const invalid_cost* invalid() const noexcept { return std::get_if<invalid_cost>(&outcome_); }

    // What total_cost_micros stores: the cost when priced, NULL otherwise.
    std::optional<std::int64_t> micros() const noexcept {
        const auto* cost = priced();
        return cost ? std::optional(cost->micros) : std::nullopt;
    }

private:
    std::variant<priced_cost, unpriced_cost, invalid_cost> outcome_;
};

// The bounds of plausible data (DESIGN §2 rule 11, as the reference platform sets them): more
// tokens than this in one column, or a cost above largest_cost_micros ($10 M), is invalid data
// for that message, never a wrap and never an abort of anyone else's report. The reports'
// queries apply the same bounds (ledger/invalid_usage.hpp).
inline constexpr std::int64_t largest_token_count = 1'000'000'000'000;
inline constexpr std::int64_t largest_cost_micros = 10'000'000'000'000;

// The cost of `usage` at `schedule` (a price_set converts to a schedule without tiers or
// reasoning price), with everything explain and estimate show. Allocates only to describe
// invalid data. Backfill, which stores only the total, calls total_cost (total_cost.hpp): the
// same result without this breakdown.
cost_result price_message(const token_usage& usage, const price_schedule& schedule);

// The checks on usage alone, which come before any price is looked at: invalid when a token
// count is negative or above largest_token_count, or reasoning is more than output (it is inside
// output); unpriced (no_tokens) when none is set; nothing when the usage can be priced.
std::optional<cost_result> check_usage(const token_usage& usage);

}  // namespace chatcost::cost
