#pragma once
// ai_model_prices, read and written: applying a price book (one statement), what applying it
// would change, and the stored rows. The book travels as one JSON parameter, already validated
// by pricebook/ (db does not depend on pricebook: it sees the JSON text and plain values).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/except>

#include "pricebook/price_book.hpp"
#include "cost/category.hpp"
#include "ledger/price_book_tiers.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

// Micro-dollars per 1M tokens per category; nullopt is NULL (unknown).
using stored_micros = cost::per_category<std::optional<std::int64_t>>;

struct price_book_counts {
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
};

// A write to ai_model_prices that the history's trigger refused (a new period that would start
// at or before the start of the one it closes) as exit 6, with the reason and a hint.
failure refused_price_write(const pqxx::data_exception& error);

// sql/queries/price_book_apply.sql in autocommit: one statement, one transaction, one round-trip
// (with `effective_from`, a transaction that first tells the trigger the time).
// The book is compared with the open default periods of the history (migration 0012), so a
// custom price in force is never overwritten. New rows get created_at, changed rows updated_at,
// `effective_from` (UTC RFC 3339) or else this machine's clock: the trigger dates the new
// periods from it. An effective time at or before the start of a period it would close is
// refused by the trigger: exit 6 with the server's reason and hint, nothing written.
// Retried (up to 3 tries) on a serialization failure or a deadlock, which a stricter
// default_transaction_isolation or a foreign writer could cause, and, without `effective_from`,
// on the trigger's refusal of a time that a concurrent apply has overtaken (it took its time
// after ours but committed first): the statement is idempotent, and each try takes a new time.
price_book_counts apply_price_book(pqxx::connection& connection,
                                   std::span<const pricebook::price_book_entry> book,
                                   const std::optional<std::string>& effective_from = std::nullopt);

// A book entry whose default price differs from its open default period, or has none.
struct price_book_change {
    std::string provider;
    std::string model;
    std::optional<stored_micros> old_prices;  // nullopt: the entry is new
    stored_micros new_prices;
    std::optional<std::int64_t> old_reasoning;  // reasoning_price; nullopt: none (or a new entry)
    std::optional<std::int64_t> new_reasoning;
    book_tiers old_tiers;  // empty: none (or a new entry)
    book_tiers new_tiers;
    // The tiers differ as the apply compares them (jsonb), also when both read the same here (a
    // stored tier that spells an inherited price as null where the book leaves it out).
    bool tiers_changed = false;
};

// What apply_price_book would do: how many entries it would insert and update, and the first
// of them in key order.
// A book entry whose default price a custom price shadows: the apply records the default in the
// history, but the custom one stays in force (and in ai_model_prices).
struct shadowed_default {
    std::string provider;
    std::string model;
    std::string custom_from;          // the custom price's start, RFC 3339 UTC
    std::optional<std::string> note;  // the custom price's note
};

struct price_book_diff {
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::vector<price_book_change> listed;   // at most the `list_at_most` asked for
    std::vector<shadowed_default> shadowed;  // every one, in key order
};

// Read-only, two statements. Only the listed changes reach the client, so a book of a million new entries
// costs the memory of `list_at_most` (nullopt: every change is listed).
price_book_diff diff_price_book(pqxx::connection& connection,
                                std::span<const pricebook::price_book_entry> book,
                                std::optional<std::int64_t> list_at_most);

struct stored_price {
    std::string provider;
    std::string model;
    std::string source;  // "default" or "custom" (prices set)
    stored_micros prices;
    std::optional<std::int64_t> reasoning_price;  // nullopt: reasoning is priced as output
    book_tiers tiers;                             // empty: none
    std::string created_at;                       // RFC 3339, UTC
    std::string updated_at;
};

// The stored rows in key order; a filter matches a provider (model) that contains it, in any case
// ("sonnet" finds claude-sonnet-4; '%', '_' and '\' are literal); nullopt matches everything.
std::vector<stored_price> list_prices(pqxx::connection& connection,
                                      const std::optional<std::string>& provider,
                                      const std::optional<std::string>& model);

// The book as it was at `at` (UTC RFC 3339), from the history: per model the custom period in
// force then, else the default one. updated_at is the start of the period shown, created_at the
// start of the model's first period.
std::vector<stored_price> list_prices_at(pqxx::connection& connection,
                                         const std::optional<std::string>& provider,
                                         const std::optional<std::string>& model, const std::string& at);

}  // namespace chatcost::db
