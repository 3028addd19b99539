#pragma once
// A price book as JSON text, deterministically: the same entries give the same bytes.
//
//   [
//     {
//       "provider": "anthropic",
//       "model": "claude-3-5-haiku-20241022",
//       "input_price": 800000,
//       "output_price": 4000000,
//       "cache_read_price": 80000,
//       "cache_write_price": 1000000
//     },
//     {
//       "provider": "openai",
//       "model": "gpt-5.4",
//       "input_price": 2500000,
//       "output_price": 15000000,
//       "cache_read_price": 250000,
//       "cache_write_price": null,
//       "tiers": [
//         {"size": 272000, "input_price": 5000000, "output_price": 22500000, "cache_read_price": 500000}
//       ]
//     }
//   ]
//
// Entries sorted by (provider, model) bytewise, the six keys in that order, then
// "reasoning_price" only when the entry has one and "tiers" only when it has some (a flat book
// is written as before these keys existed); 2-space indent, a final newline. Tiers by
// increasing size, one a line: "size", then only the prices the tier sets, in tier_keys order.
// The compact layout has the same keys in the same order, without whitespace. Strings keep
// their UTF-8 as is; only '"', '\\' and control characters are escaped, so a diff of two books
// reads like the models it is about.

#include <span>
#include <string>
#include <vector>

#include "pricebook/price_book.hpp"

namespace chatcost::pricebook {

enum class book_layout {
    file,     // indented, for the committed book and for people
    compact,  // one line, for the wire
};

// Sorts a copy; the caller's order does not matter.
std::string write_price_book(std::span<const price_book_entry> entries,
                             book_layout layout = book_layout::file);

// An entry's tiers as the one-line JSON list of the book's "tiers" key (by increasing size), the
// form ai_model_prices.tiers stores; "[]" when there are none.
std::string write_tier_list(const std::vector<price_book_tier>& tiers);

// A JSON string literal for `text` (quotes included), escaped as above.
std::string json_string(std::string_view text);

}  // namespace chatcost::pricebook
