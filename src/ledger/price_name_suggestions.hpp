#pragma once
// "Did you mean provider/model?" for model configs that the price book cannot price by name: the
// book matches a config's provider and model exactly, so `Anthropic`/`Claude-Sonnet-4-20250514`
// stays unpriced beside a row anthropic/claude-sonnet-4. The one rule for such near misses
// (letter case, a date suffix), and the book rows it finds: backfill names them after a run,
// `explain` for its message's config, `unpriced` (ledger/unpriced_worklist) for each item.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "db/session.hpp"

namespace chatcost::db {

struct model_name {
    std::string provider;
    std::string model;
};

struct price_name_suggestion {
    std::string provider;  // the config's, as written
    std::string model;
    std::string book_provider;  // the book row it nearly matches
    std::string book_model;
};

// The model name without letter case and without a trailing date (-20250514, -2025-05-14).
std::string comparable_model_name(std::string_view name);

// Whether book name (provider, model) is a near match of the config's: equal once compared as
// comparable_model_name says (the provider in any letter case), but not equal as they are.
bool is_near_match(std::string_view provider, std::string_view model, std::string_view book_provider,
                   std::string_view book_model);

// Each config name beside every book name it nearly matches, in the order of `configs`, then of
// `book`. A config name the book has exactly gets none: the book prices it.
std::vector<price_name_suggestion> near_book_names(std::span<const model_name> configs,
                                                   std::span<const model_name> book);

// Every config name without an exact book row but with a near one (backfill). Two statements over
// chat_model_configs and ai_model_prices (small tables), read only, in a transaction of their own.
std::vector<price_name_suggestion> read_price_name_suggestions(pqxx::connection& connection);
// The same on the session's connection, or on a fresh one when that one was lost: backfill
// asks at the end of a run that may have reconnected on its own connections meanwhile.
std::vector<price_name_suggestion> read_price_name_suggestions(session& session);
// The book rows one config name nearly matches (explain), in the caller's transaction.
std::vector<price_name_suggestion> read_price_name_suggestions(pqxx::transaction_base& tx,
                                                               const model_name& config);

}  // namespace chatcost::db
