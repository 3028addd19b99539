#pragma once
// `chatcost prices list` as a report: the stored price book, one row per model, with its
// reasoning price and long-context tiers. Tables leave out created_at, to stay narrow enough for
// a terminal, and show the tiers in one line; JSON and CSV carry everything, the tiers as a list
// (a CSV cell holds it as compact JSON).

#include <optional>
#include <string>
#include <vector>

#include "ledger/price_book_store.hpp"
#include "output/report_views.hpp"

namespace chatcost::reports {

// `at`: the time asked for (prices list --at), shown first; nullopt for the book as it is now.
// Every row says its source: default (the seed's) or custom (prices set).
output::report_views price_list_report(const std::vector<db::stored_price>& stored,
                                       const std::optional<std::string>& at = std::nullopt);

}  // namespace chatcost::reports
