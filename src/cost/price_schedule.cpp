#include "cost/price_schedule.hpp"

#include <algorithm>
#include <string>

namespace chatcost::cost {

namespace {

void set_price(price_level& level, priced_line line, const std::optional<price>& value) {
    auto index = static_cast<std::size_t>(line);
    level.units[index] = value ? value->units() : 0;
    if (value) {
        level.known = static_cast<std::uint8_t>(level.known | price_level::bit(line));
    }
}

price_level base_level(const price_set& base, const std::optional<price>& reasoning) {
    price_level level;
    for (auto which : all_categories) set_price(level, line_of(which), base[which]);
    set_price(level, priced_line::reasoning, reasoning);
    return level;
}

// The tier's own prices, and the base's where it has none (rule 8).
price_level tier_level(const price_level& base, const context_tier& tier) {
    price_level level;
    level.above_context = tier.size;
    auto fill = [&](priced_line line, const std::optional<price>& own) {
        if (own) {
            set_price(level, line, own);
        } else {
            set_price(level, line, base.price_of(line));
            level.inherited = static_cast<std::uint8_t>(level.inherited | price_level::bit(line));
        }
    };
    for (auto which : all_categories) fill(line_of(which), tier.prices[which]);
    fill(priced_line::reasoning, tier.reasoning);
    return level;
}

}  // namespace

std::optional<price> price_level::price_of(priced_line line) const {
    if (!is_known(line)) return std::nullopt;
    return price::from_units(units[static_cast<std::size_t>(line)]);
}

price_schedule::price_schedule(const price_set& base, std::optional<price> reasoning) noexcept
    : base_(base_level(base, reasoning)), any_price_(base_.known != 0) {}

result<price_schedule> price_schedule::with_tiers(const price_set& base, std::optional<price> reasoning,
                                                  std::vector<context_tier> tiers) {
    std::sort(tiers.begin(), tiers.end(), [](const auto& a, const auto& b) { return a.size > b.size; });
    for (std::size_t i = 0; i < tiers.size(); ++i) {
        if (tiers[i].size <= 0) {
            return result<price_schedule>::failure("tier size " + std::to_string(tiers[i].size) +
                                                   " is not a positive number of tokens");
        }
        if (i > 0 && tiers[i].size == tiers[i - 1].size) {
            return result<price_schedule>::failure("two tiers have the size " +
                                                   std::to_string(tiers[i].size));
        }
    }
    price_schedule schedule(base, reasoning);
    schedule.tiers_.reserve(tiers.size());
    for (const auto& tier : tiers) {
        schedule.tiers_.push_back(tier_level(schedule.base_, tier));
        schedule.any_price_ = schedule.any_price_ || schedule.tiers_.back().known != 0;
    }
    return schedule;
}

price_set price_schedule::base_prices() const {
    price_set prices;
    for (auto which : all_categories) prices[which] = base_.price_of(line_of(which));
    return prices;
}

std::vector<context_tier> price_schedule::tiers() const {
    std::vector<context_tier> out;
    out.reserve(tiers_.size());
    for (auto level = tiers_.rbegin(); level != tiers_.rend(); ++level) {
        context_tier tier{.size = level->above_context};
        auto own = [&](priced_line line) {
            return level->is_inherited(line) ? std::nullopt : level->price_of(line);
        };
        for (auto which : all_categories) tier.prices[which] = own(line_of(which));
        tier.reasoning = own(priced_line::reasoning);
        out.push_back(tier);
    }
    return out;
}

}  // namespace chatcost::cost
