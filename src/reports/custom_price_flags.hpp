#pragma once
// The flags of `chatcost prices set` as exact prices: --input-price ... --reasoning-price in USD
// per 1M tokens (cost::parse_price, like estimate's), --tier like estimate's --context-tiers
// (parse_context_tiers). pricebook/custom_entry.hpp then checks the result like a seed entry.

#include <optional>
#include <string>
#include <vector>

#include "cost/category.hpp"
#include "cost/price_schedule.hpp"
#include "cost/price_set.hpp"

namespace chatcost::reports {

struct custom_price_flags {
    cost::per_category<std::optional<std::string>> prices{};  // --input-price ... --cache-write-price
    std::optional<std::string> reasoning{};                   // --reasoning-price
    std::vector<std::string> tiers{};                         // each --tier as typed
};

struct custom_prices {
    cost::price_set prices{};
    std::optional<cost::price> reasoning{};
    std::vector<cost::context_tier> tiers{};
};

// Every bad flag is named, then one failure with exit 2 (usage): a price that is not a
// decimal number, a tier that does not parse, two tiers of the same size.
custom_prices parse_custom_price_flags(const custom_price_flags& flags);

}  // namespace chatcost::reports
