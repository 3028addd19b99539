#pragma once
// The price book store's tests write their books as the text of a book file, the form that is
// easiest to read in a test. These overloads read that text as `seed apply` does
// (pricebook/price_book_reader) and hand the entries to the store.

#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "ledger/price_book_store.hpp"
#include "pricebook/price_book_reader.hpp"

inline chatcost::pricebook::price_book book_entries(const std::string& book_text) {
    auto reading = chatcost::pricebook::read_price_book(book_text);
    INFO(book_text);
    REQUIRE(reading.ok());
    return reading.entries;
}

inline chatcost::db::price_book_counts apply_price_book(
    pqxx::connection& connection, const std::string& book_text,
    const std::optional<std::string>& effective_from = std::nullopt) {
    return chatcost::db::apply_price_book(connection, book_entries(book_text), effective_from);
}

inline chatcost::db::price_book_diff diff_price_book(pqxx::connection& connection,
                                                     const std::string& book_text,
                                                     std::optional<std::int64_t> list_at_most) {
    return chatcost::db::diff_price_book(connection, book_entries(book_text), list_at_most);
}
