#pragma once
// The prices `chatcost estimate` charges: a price book entry's (--model), with the prices typed
// as flags over them. Here rather than in the command, which stays a thin binding of flags.
//
// Context tiers are typed as text (--context-tiers), one or more tiers separated by ';':
//
//   SIZE:INPUT,OUTPUT,CACHE_READ,CACHE_WRITE,REASONING    272000:5,22.5,0.5      (in this order)
//   SIZE:NAME=USD,...                                    200000:input=2.5,cache_read=0.25
//
// SIZE is the context (input + cache read + cache creation tokens) the tier applies above, a
// whole number above 0; each price is USD per 1M tokens, exact like the other price flags. A
// price left out (empty in the ordered form, absent in the named one) inherits the base's
// price of that category (DESIGN §2 rule 8). The names are input, output, cache_read,
// cache_write and reasoning.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cost/category.hpp"
#include "cost/price_resolution.hpp"
#include "cost/price_schedule.hpp"
#include "reports/cost_breakdown.hpp"
#include "util/result.hpp"

namespace chatcost::reports {

struct estimate_price_flags {
    cost::per_category<std::optional<std::string>> prices{};  // --input-price ... --cache-write-price
    std::optional<std::string> reasoning{};                   // --reasoning-price
    std::vector<std::string> context_tiers{};                 // each --context-tiers as typed
};

struct estimate_prices {
    cost::price_schedule schedule{};
    price_origins origins{};  // "flag" or "price_book"
};

// The book row's prices (nullopt: none), then the flags over them: a price flag replaces its
// category's base price (a tier that leaves the category out inherits the new one),
// --reasoning-price the reasoning price, and --context-tiers all of the book's tiers. Every bad
// flag is named, then one failure with exit 2 (usage); a book row that does not convert is
// exit 6 (invalid input).
estimate_prices estimate_prices_from(const std::optional<cost::price_book_row>& book,
                                     const estimate_price_flags& flags);

// One --context-tiers value: its tiers, or what is wrong with each bad one, naming it:
// `'272000:5,x': output: "x" is not a decimal number` (several joined by "; ").
result<std::vector<cost::context_tier>> parse_context_tiers(std::string_view spec);

// "--input-price", "--cache-write-price".
std::string price_flag(cost::category which);

}  // namespace chatcost::reports
