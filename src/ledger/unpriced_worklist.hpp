#pragma once
// `chatcost unpriced`: every model config (and the messages without one) with unpriced usage
// in a range, most messages first, with why and what fixes it. Why is decided by the price
// catalog (ledger/price_catalog), the same resolution backfill prices with, at each config's
// newest unpriced message: no model config; an invalid price (the key and its raw text); no
// price anywhere, or a book name that differs only in case or by a date suffix (the near
// match, whose prices the fix sets: ledger/price_name_suggestions' rule); or a price in force
// that backfill has not applied yet.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>

#include "cost/category.hpp"
#include "ledger/price_book_tiers.hpp"
#include "ledger/report_range.hpp"
#include "ledger/usage_report.hpp"
#include "pricebook/price_book.hpp"

namespace chatcost::db {

enum class unpriced_reason {
    no_model_config,  // the messages name no model config: nothing can price them
    invalid_price,    // the config sets a price that does not read
    near_match,       // no price, but a book row's name differs only in case or a date suffix
    no_price,         // no price anywhere: not in the config, no book row or period
    not_backfilled,   // a price is in force now: `chatcost backfill` has not priced them yet
};

std::string_view name(unpriced_reason reason) noexcept;  // stable, for JSON: "near_match"

// What fixes an item: a command to run, a config key to set, or nothing chatcost can do.
enum class fix_kind { command, config_key, none };
std::string_view name(fix_kind kind) noexcept;  // "command", "config_key", "none"

struct unpriced_tokens {
    std::int64_t input = 0;
    std::int64_t output = 0;  // reasoning included
    std::int64_t reasoning = 0;
    std::int64_t cache_read = 0;
    std::int64_t cache_write = 0;  // cache creation tokens
};

// A price book row as prices set would copy it: micro-dollars per 1M tokens.
struct catalogue_price {
    std::string provider;
    std::string model;
    cost::per_category<std::optional<std::int64_t>> prices{};
    std::optional<std::int64_t> reasoning{};
    book_tiers tiers{};
};

struct unpriced_item {
    ledger::model_identity model;  // config id, display name, provider, model (all unset: no config)
    std::int64_t messages = 0;
    unpriced_tokens tokens;
    unpriced_reason reason = unpriced_reason::no_model_config;
    std::string why;                         // one line for people
    std::optional<std::string> invalid_key;  // invalid_price: "options.cost.input_price_per_million_tokens"
    std::optional<std::string> raw_value;    // invalid_price: the key's text as stored
    std::optional<std::string> near_match;   // near_match: "anthropic/claude-sonnet-4"
    std::optional<std::string> near_match_source;  // "price book" (stored) or "embedded book"
    fix_kind fix = fix_kind::none;
    std::string fix_text;  // the command, or the keys to set; empty for none
};

struct unpriced_worklist {
    ledger::report_range range;
    std::optional<std::int64_t> schema_version;
    std::vector<unpriced_item> items;  // most messages first
};

// One repeatable-read snapshot: the range, the unpriced usage (sql/queries/report_unpriced_usage.sql),
// the price catalog, the stored book's names and `catalogue` (the embedded book's entries) for
// near matches. Bad range: failure(usage).
unpriced_worklist read_unpriced_worklist(pqxx::connection& connection, const range_request& range,
                                         std::span<const pricebook::price_book_entry> catalogue);

// Pure parts, tested on their own.

// `chatcost prices set PROVIDER/MODEL --input-price D ...` with `prices`' prices as exact
// dollars (a price the row lacks is left out), tiers as --tier SIZE:INPUT,OUTPUT,... Words with
// characters a shell reads are single-quoted.
std::string prices_set_command(std::string_view provider, std::string_view model,
                               const catalogue_price& prices);

// The place a config's resolution error names (`config ID: PLACE: ...`): an option key
// ("input_price_per_million_tokens") or a tier's ("cost.tiers[0].input"); nullopt otherwise.
std::optional<std::string> invalid_config_key(std::string_view error, std::string_view config_id);

}  // namespace chatcost::db
