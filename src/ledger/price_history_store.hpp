#pragma once
// The price history (migration 0012) read and written by people: custom prices set and unset
// (`prices set|unset`), and every period of one model with how many messages it priced
// (`prices history`). The writes go through ai_model_prices, whose trigger records the periods;
// each is one transaction that first tells the trigger what it is (price_write_settings.sql).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "ledger/price_book_store.hpp"

namespace chatcost::db {

// `prices set`: the custom price of the entry in `entry_json` (a one-entry book, validated like a
// seed entry) in force from `effective_from` (UTC RFC 3339). False when that same custom price
// is already in force (nothing is written). A time at or before the current custom period's
// start: exit 6 (refused_price_write).
bool set_custom_price(pqxx::connection& connection, const std::string& entry_json,
                      const std::string& effective_from, const std::optional<std::string>& note);

enum class unset_outcome {
    default_in_force,  // the default price is in force again
    no_price,          // no default price: the row is gone, the model has no price now
};

// `prices unset`: ends the custom price at `effective_from`. No custom price in force: exit 6,
// nothing written.
unset_outcome unset_custom_price(pqxx::connection& connection, const std::string& provider,
                                 const std::string& model, const std::string& effective_from);

struct price_period {
    std::int64_t id = 0;
    std::string source;  // "default" or "custom"
    stored_micros prices;
    std::optional<std::int64_t> reasoning_price;
    book_tiers tiers;
    std::string valid_from;                  // RFC 3339 UTC (a fraction only when there is one)
    std::optional<std::string> valid_until;  // nullopt: still in force
    std::optional<std::string> note;
    std::int64_t messages = 0;  // chat_messages whose cost_price_ref names this period
};

// Every period of (provider, model), both sources, oldest first. One statement, which reads
// all of chat_messages once (no index on cost_price_ref).
std::vector<price_period> price_history(pqxx::connection& connection, const std::string& provider,
                                        const std::string& model);

}  // namespace chatcost::db
