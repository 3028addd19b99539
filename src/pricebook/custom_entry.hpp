#pragma once
// A custom price (`chatcost prices set`) as a price book entry, checked exactly like an entry of
// a seed file: the entry is written as a one-entry book and read back by read_price_book, so the
// bounds, the names and the tiers obey the same rules whichever way a price arrives.

#include <string>
#include <vector>

#include "cost/price_schedule.hpp"
#include "cost/price_set.hpp"
#include "pricebook/price_book_reader.hpp"

namespace chatcost::pricebook {

struct custom_price {
    std::string provider;
    std::string model;
    cost::price_set prices{};  // nullopt: unknown (NULL), as in a book
    std::optional<cost::price> reasoning{};
    std::vector<cost::context_tier> tiers{};  // in any order
};

struct custom_entry_reading {
    std::string book_json;              // the one-entry book, compact, when problems is empty
    std::vector<std::string> problems;  // each names the flag or the value concerned
};

// The book holds micro-dollars per 1M tokens: a price finer than that ($0.0000001/M) is a
// problem, not rounded. Then every check of read_price_book (provider/model text, bounds,
// repeated tier sizes).
custom_entry_reading custom_entry(const custom_price& price);

}  // namespace chatcost::pricebook
