#pragma once
// The prices a message is charged at, one per category; nullopt means unknown, which is not
// free (DESIGN §2 rule 4).

#include <optional>

#include "cost/category.hpp"
#include "cost/price.hpp"

namespace chatcost::cost {

using price_set = per_category<std::optional<price>>;

constexpr bool has_any_price(const price_set& prices) noexcept {
    return prices.input || prices.output || prices.cache_read || prices.cache_write;
}

}  // namespace chatcost::cost
