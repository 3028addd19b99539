#pragma once
// A message's cost, category by category, as a report: what `estimate` prints and
// what `explain` prints for a stored message. One shape, so that the two agree.

#include <string>
#include <vector>

#include "cost/category.hpp"
#include "cost/message_cost.hpp"
#include "cost/price_resolution.hpp"
#include "cost/price_schedule.hpp"
#include "cost/token_usage.hpp"
#include "output/value.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

// Where the prices came from ("flag", "config_nested", "price_book", ...), or "" for nowhere:
// each category's base price, the base's reasoning price, and the context tiers.
struct price_origins {
    cost::per_category<std::string> categories{};
    std::string reasoning{};
    std::string tiers{};
};

// The origins of a resolved price (explain): price_source's names. Tiers come from the price
// book when it priced the message, else from the config's cost.tiers (only ever nested).
price_origins origins_of(const cost::price_resolution& resolution);

// {status, total_cost_micros, exact_total_micros, unpriced_reason, reasoning_tokens,
//  context_tokens, price_level, tier_size, tiers_source, categories[...]}: the level that
// priced the message (DESIGN §2 rule 8: "base", or "tier" with its size) and the context that
// chose it; each category at that level's price, with its level ("base", "tier", or
// "inherited": a tier that leaves the category out charges the base's price). With a reasoning
// price (rule 9) the output row holds output - reasoning tokens and a "reasoning" row follows
// the four categories, so that the rows' exact products add up to the exact total.
// An invalid result is not a report: callers raise it as an error, or add its reason.
// `invalid_prices` (explain: the config's prices that do not read, rule 5) puts each base
// category's text as stored where its price would be: for programs as the row's last member
// `raw_price_text` (null for a price that reads; the price stays null), for people in the price
// column, "2,00 (invalid)". Without it (estimate) the rows have no such member.
output::value cost_breakdown(const cost::token_usage& usage, const cost::price_schedule& schedule,
                             const price_origins& origins, const cost::cost_result& result,
                             const std::vector<cost::invalid_config_price>* invalid_prices = nullptr,
                             report_audience audience = report_audience::programs);

std::string_view category_name(cost::category which);

}  // namespace chatcost::reports
