#pragma once
// Reads and validates a price book file before anything is sent to the database: every
// problem is collected (not just the first), each with the entry's index, its provider/model
// when known, the key concerned and the line:column of the offending text.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pricebook/price_book.hpp"
#include "pricebook/text_position.hpp"

namespace chatcost::pricebook {

struct book_problem {
    std::optional<std::size_t> index;  // the entry's position in the array, from 0
    std::string provider;              // when the entry names one
    std::string model;
    std::string field;                      // the key concerned; empty for the entry or the file
    std::optional<text_position> position;  // where the parser places it
    std::string message;

    // "book.json:14:20: entry [3] anthropic/claude-x: input_price: -5 is negative"
    std::string to_string(std::string_view source) const;
};

struct book_reading {
    price_book entries;                  // the valid entries, in file order
    std::vector<book_problem> problems;  // empty: the book is valid and entries is all of it

    bool ok() const { return problems.empty(); }
    // Each problem's to_string(source), in order.
    std::vector<std::string> problem_lines(std::string_view source) const;
};

// Checks, in one pass: well-formed JSON; an array of objects; the six keys of entry_keys, each
// once, and optionally "reasoning_price" and "tiers", nothing else; provider and model
// non-empty strings without U+0000 (PostgreSQL text cannot hold it); prices (reasoning_price
// too) null or integers written as plain digits, not negative, within int64 and at most
// max_micros_per_million; no duplicate (provider, model); at least one entry.
// "tiers" is an array (empty: no tiers) of objects with the keys of tier_keys only: "size", a
// positive integer written as plain digits, once per entry, and each price optional (absent or
// null: the tier inherits the entry's price), checked like the entry's. A tier's problem names
// its place in the file's list: `tiers[1].size`, `tiers[0].input_price`. The tiers are stored
// sorted by size, whatever their order in the file.
book_reading read_price_book(std::string_view text);

// Why a provider or model id cannot be stored, or nullopt when it can.
std::optional<std::string> check_name(std::string_view name);

}  // namespace chatcost::pricebook
