#pragma once
// `chatcost prices list` as a report: the stored price book, one row per model. Tables leave
// out created_at, to stay narrow enough for a terminal; JSON and CSV carry everything.

#include <vector>

#include "ledger/price_book_store.hpp"
#include "output/report_views.hpp"

namespace chatcost::reports {

output::report_views price_list_report(const std::vector<db::stored_price>& stored);

}  // namespace chatcost::reports
