#pragma once
// ai_model_prices, read and written: applying a price book (one statement), what applying it
// would change, and the stored rows. The book travels as one JSON parameter, already validated
// by pricebook/ (db does not depend on pricebook: it sees the JSON text and plain values).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "cost/category.hpp"

namespace chatcost::db {

// Micro-dollars per 1M tokens per category; nullopt is NULL (unknown).
using stored_micros = cost::per_category<std::optional<std::int64_t>>;

struct price_book_counts {
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
};

// sql/queries/price_book_apply.sql in autocommit: one statement, one transaction, one round-trip.
// New rows get created_at, changed rows updated_at, from this machine's clock.
// Retried (up to 3 tries) on a serialization failure or a deadlock, which a stricter
// default_transaction_isolation or a foreign writer could cause: the statement is idempotent.
price_book_counts apply_price_book(pqxx::connection& connection, const std::string& book_json);

// A book entry that differs from its stored row, or has none.
struct price_book_change {
    std::string provider;
    std::string model;
    std::optional<stored_micros> old_prices;  // nullopt: the entry is new
    stored_micros new_prices;
};

// What apply_price_book would do: how many entries it would insert and update, and the first
// of them in key order.
struct price_book_diff {
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::vector<price_book_change> listed;  // at most the `list_at_most` asked for
};

// Read-only. Only the listed changes reach the client, so a book of a million new entries
// costs the memory of `list_at_most` (nullopt: every change is listed).
price_book_diff diff_price_book(pqxx::connection& connection, const std::string& book_json,
                                std::optional<std::int64_t> list_at_most);

struct stored_price {
    std::string provider;
    std::string model;
    stored_micros prices;
    std::string created_at;  // RFC 3339, UTC
    std::string updated_at;
};

// The stored rows in key order; a filter left nullopt matches everything.
std::vector<stored_price> list_prices(pqxx::connection& connection,
                                      const std::optional<std::string>& provider,
                                      const std::optional<std::string>& model);

}  // namespace chatcost::db
