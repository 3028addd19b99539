#pragma once
// The price behind a message's stored cost (its cost_price_ref) and the price in force at its
// created_at (issue 16), side by side, for `chatcost explain`: which source and period each
// is, and whether the stored cost still matches the price in force.

#include "cost/message_cost.hpp"
#include "ledger/message_explanation.hpp"
#include "ledger/price_catalog.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// {price_in_force_source, price_in_force_description, price_in_force_period_id,
//  price_in_force_valid_from, price_in_force_valid_until, before_first_price,
//  stored_price_ref, stored_price_source, stored_price_period_id, stored_price_valid_from,
//  stored_price_valid_until, stored_price_tier_size, stored_price_description,
//  matches_price_in_force, price_ref_matches, price_check}. `config` is the message's config
// in a catalog (nullptr without one), `in_force` its price at created_at, `result` the
// message priced at it.
output::value price_provenance(const db::stored_message& message, const db::priced_config* config,
                               const db::price_in_force& in_force, const cost::cost_result& result);

}  // namespace chatcost::reports
