#pragma once
// The price history as reports: `prices history` (every period of a model, both sources, with
// how many messages each priced) and what `prices set` and `prices unset` did.

#include <optional>
#include <string>
#include <vector>

#include "ledger/price_history_store.hpp"
#include "output/report_views.hpp"

namespace chatcost::reports {

// One row per period, oldest first: from, until (null: in force), source, the prices, the
// reasoning price, the tiers (a list in JSON and CSV, one line for people), note, messages.
output::report_views price_history_report(const std::string& provider, const std::string& model,
                                          const std::vector<db::price_period>& periods);

// `changed` false: that custom price was already in force, nothing was written.
output::report_views custom_price_set_report(const std::string& provider, const std::string& model,
                                             const std::string& effective_from, bool changed);

output::report_views custom_price_unset_report(const std::string& provider, const std::string& model,
                                               const std::string& effective_from, db::unset_outcome outcome);

}  // namespace chatcost::reports
