#pragma once
// One stored message with everything needed to explain its cost: usage, stored cost, and its
// model config's prices with the price book row (read as backfill reads them; see
// price_catalog.hpp), for `chatcost explain`.

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/transaction_base>

#include "cost/token_usage.hpp"
#include "ledger/price_catalog.hpp"

namespace chatcost::db {

struct stored_message {
    std::int64_t id = 0;
    std::string chat_id;
    std::string created_at;  // RFC 3339, UTC
    std::string role;
    cost::token_usage usage;
    std::optional<std::int64_t> total_cost_micros;  // as stored
    std::optional<std::string> model_config_id;
    std::optional<config_prices> config;  // nullopt: no config
    std::string display_name;             // the config's, may be empty
};

// nullopt when there is no message with that id.
std::optional<stored_message> read_stored_message(pqxx::transaction_base& tx, std::int64_t id);

}  // namespace chatcost::db
