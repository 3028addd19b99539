#pragma once
// The usage a FOCUS export (`chatcost export focus`, issue 19) is made of: per user, calendar
// day, model config and price, the tokens and the ledger's cost, with the price level that
// priced them. Which price: the message's cost_price_ref (the period's or the config's prices
// at the ref's tier, as backfill recorded it); a priced message without a ref, the price in
// force at its created_at (ledger/price_catalog's timeline) at the tier its own context
// chooses. The lines' exact arithmetic is reports/focus_export's.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "cost/price_schedule.hpp"
#include "ledger/report_range.hpp"

namespace chatcost::db {

// How the price of a group was found.
enum class focus_price_status {
    priced,           // level is what priced it
    unpriced,         // the ledger has no cost for these messages (total_cost_micros NULL)
    price_not_found,  // the ledger priced them, but the price is no longer known (a config's
                      // prices changed since, or no price is in force now): the day's
                      // adjustment carries their whole cost
};

struct focus_usage_group {
    std::string user_id;
    std::string username;
    std::string day;                                         // YYYY-MM-DD in the time zone
    std::string day_start, day_end, month_start, month_end;  // UTC, YYYY-MM-DDTHH:MM:SSZ
    std::optional<std::string> config_id, provider, model;   // nullopt: no model config
    std::optional<std::int64_t> price_ref;
    std::int64_t input = 0, output = 0, reasoning = 0, cache_read = 0, cache_write = 0;
    std::int64_t ledger_micros = 0;  // the ledger's costs, each rounded up once
    std::int64_t messages = 0;
    focus_price_status status = focus_price_status::unpriced;
    std::optional<cost::price_level> level;  // set when status is priced
};

struct focus_usage {
    std::string billing_account;  // the database's name
    resolved_range range;
    std::vector<focus_usage_group> groups;  // by day, username, user, provider, model
};

// Reads the range in one snapshot: the schema check, the range, the price catalog (looking up
// the refs' ids, writing nothing) and export_focus_usage.sql.
focus_usage read_focus_usage(pqxx::connection& connection, const range_request& request);

}  // namespace chatcost::db
