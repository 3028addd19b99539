#pragma once
// "Did you mean provider/model?" for model configs that the price book cannot price by name: the
// book matches a config's provider and model exactly, so `Anthropic`/`Claude-Sonnet-4-20250514`
// stays unpriced beside a row anthropic/claude-sonnet-4. This finds such near misses (letter
// case, a date suffix) so that `backfill` can name them (sql/queries/price_name_suggestions.sql).

#include <string>
#include <vector>

#include <pqxx/connection>

#include "db/session.hpp"

namespace chatcost::db {

struct price_name_suggestion {
    std::string provider;  // the config's, as written
    std::string model;
    std::string book_provider;  // the book row it nearly matches
    std::string book_model;
};

// Every config name without an exact book row but with a near one, by name. One statement over
// chat_model_configs and ai_model_prices (small tables), read only.
std::vector<price_name_suggestion> read_price_name_suggestions(pqxx::connection& connection);
// The same on the session's connection, or on a fresh one when that one was lost: backfill
// asks at the end of a run that may have reconnected on its own connections meanwhile.
std::vector<price_name_suggestion> read_price_name_suggestions(session& session);

}  // namespace chatcost::db
