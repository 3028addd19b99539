#pragma once
// A price book row's long-context tiers as the reports show them (prices list, seed apply
// --dry-run): a list of objects for JSON and CSV, one short line for people.

#include <string>

#include "ledger/price_book_tiers.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// [{"size": 272000, "input_price": 5000000, "output_price": 22500000, "cache_read_price": 500000,
//   "cache_write_price": null, "reasoning_price": null}, ...] by increasing size; every key in
// every tier, null for a price the tier inherits from its row; [] without tiers.
output::value tiers_value(const db::book_tiers& tiers);

// ">272k: $5.00/$22.50/$0.50; >512k: $6.00/$30.00 reasoning $40.00": per tier the context it
// applies above, then input/output/cache read/cache write ("-" inherits the row's price; the
// inherited ones at the end left out) and its reasoning price when it has one. "" without tiers.
std::string tiers_summary(const db::book_tiers& tiers);

}  // namespace chatcost::reports
