#pragma once
// A message's cost, category by category, as a report: what `estimate` prints and
// what `explain` prints for a stored message. One shape, so that the two agree.

#include <string>

#include "cost/category.hpp"
#include "cost/message_cost.hpp"
#include "cost/price_set.hpp"
#include "cost/token_usage.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// Where each category's price came from ("flag", "config_nested", "price_book", ...), or "".
using price_origins = cost::per_category<std::string>;

// {status, total_cost_micros, exact_total_micros, unpriced_reason, categories[...],
//  reasoning_tokens}. An invalid result is not a report: callers raise it as an error.
output::value cost_breakdown(const cost::token_usage& usage, const cost::price_set& prices,
                             const price_origins& origins, const cost::cost_result& result);

std::string_view category_name(cost::category which);

}  // namespace chatcost::reports
