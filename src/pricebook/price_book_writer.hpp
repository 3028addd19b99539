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
//     }
//   ]
//
// Entries sorted by (provider, model) bytewise, the six keys in that order, 2-space indent,
// a final newline. Strings keep their UTF-8 as is; only '"', '\\' and control characters are
// escaped, so a diff of two books reads like the models it is about.

#include <span>
#include <string>

#include "pricebook/price_book.hpp"

namespace chatcost::pricebook {

enum class book_layout {
    file,     // indented, for the committed book and for people
    compact,  // one line, for the wire
};

// Sorts a copy; the caller's order does not matter.
std::string write_price_book(std::span<const price_book_entry> entries,
                             book_layout layout = book_layout::file);

// A JSON string literal for `text` (quotes included), escaped as above.
std::string json_string(std::string_view text);

}  // namespace chatcost::pricebook
