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
    per_category<cost_line> lines{};

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

// The cost of `usage` at `prices`. Allocates only to describe invalid data.
cost_result price_message(const token_usage& usage, const price_set& prices);

// The checks on usage alone, which come before any price is looked at: invalid when a token
// count is negative, unpriced (no_tokens) when none is set, nothing when the usage can be priced.
std::optional<cost_result> check_usage(const token_usage& usage);

}  // namespace chatcost::cost
