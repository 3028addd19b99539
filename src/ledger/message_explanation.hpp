#pragma once
// One stored message with everything needed to explain its cost: usage, stored cost and the
// ref of the price behind it, and its model config's prices with the price book row (read as
// backfill reads them; see price_catalog.hpp), for `chatcost explain`.

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/transaction_base>

#include "cost/token_usage.hpp"
#include "ledger/price_catalog.hpp"

namespace chatcost::db {

// The ref a stored cost carries (chat_messages.cost_price_ref): which price priced it.
struct stored_price_ref {
    std::int64_t id = 0;
    bool found = false;  // the ref's row exists (the column has no foreign key)
    price_ref_key key;
    std::optional<std::string> valid_from;  // the period's dates (RFC 3339, UTC), book refs only
    std::optional<std::string> valid_until;
};

struct stored_message {
    std::int64_t id = 0;
    std::string chat_id;
    std::string created_at;          // RFC 3339, UTC
    std::int64_t created_at_us = 0;  // epoch microseconds
    std::string role;
    cost::token_usage usage;
    std::optional<std::int64_t> total_cost_micros;  // as stored
    std::optional<stored_price_ref> price_ref;      // nullopt: the cost carries none
    std::optional<std::string> model_config_id;
    std::optional<config_prices> config;  // nullopt: no config
    std::string display_name;             // the config's, may be empty
};

// nullopt when there is no message with that id.
std::optional<stored_message> read_stored_message(pqxx::transaction_base& tx, std::int64_t id);

}  // namespace chatcost::db
