#pragma once
// The prices of every model config, resolved once per run (DESIGN.md section 2, rule 6): the
// config's nested or legacy option keys, else the book price of its (provider, model) in force
// at the message's created_at (issue 16; ledger/price_timeline.hpp). A config's own prices have
// no history: they are always its current ones. Backfill loads the catalog once and prices each
// message with cost::total_cost; explain reads one message's config with the same row reader,
// so that both resolve prices the same way. Each price the catalog can charge (a config's own
// prices or a book period, at its base or one of its tiers) has a row in chatcost_price_refs,
// whose id is written with every cost (chat_messages.cost_price_ref).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <pqxx/result>
#include <pqxx/transaction_base>

#include "cost/category.hpp"
#include "cost/price_resolution.hpp"
#include "ledger/price_book_tiers.hpp"
#include "ledger/price_timeline.hpp"

namespace chatcost::db {

// A config's price texts and its price book row as read from a row shaped like
// sql/queries/price_catalog_configs.sql (columns config_id, provider, model, <category>_nested,
// <category>_legacy, reasoning_nested, reasoning_legacy, tiers_nested, has_book_row, <price book
// columns>, reasoning_price, book_tiers). Owns the text the views point into.
struct config_prices {
    std::string id;
    std::string provider;
    std::string model;
    cost::per_category<std::optional<std::string>> nested;
    cost::per_category<std::optional<std::string>> legacy;
    std::optional<std::string> reasoning_nested;
    std::optional<std::string> reasoning_legacy;
    std::optional<std::string> tiers_json;  // options->'cost'->'tiers' as JSON text; nullopt: none
    std::optional<cost::per_category<std::optional<std::int64_t>>> book;  // nullopt: no row
    std::optional<std::int64_t> book_reasoning;                           // the row's reasoning_price
    book_tiers book_tier_list;                                            // the row's tiers

    static config_prices from_row(const pqxx::row& row);
    cost::price_resolution resolve() const;
    // The config as pricing reads it; it points into this object's text.
    cost::model_config_view view() const;
};

// The book's prices of one period, from a row of price_catalog_periods.sql.
struct period_prices {
    book_period period;
    std::string provider;
    std::string model;
    cost::per_category<std::optional<std::int64_t>> micros_per_million;
    std::optional<std::int64_t> reasoning;
    book_tiers tiers;

    static period_prices from_row(const pqxx::row& row);
};

// A row of chatcost_price_refs: what priced a cost. source "config" (config_id and the
// canonical text of its prices), or "default"/"custom" (a book period); tier_size nullopt for
// the base prices.
struct price_ref_key {
    std::string source;
    std::optional<std::int64_t> period_id;
    std::optional<std::string> config_id;
    std::optional<std::string> config_prices;
    std::optional<std::int64_t> tier_size;

    friend bool operator==(const price_ref_key&, const price_ref_key&) = default;
};

// The canonical text of a schedule's prices, for the ref of a config's own prices: exact
// decimals per line, then each tier. Equal texts, equal prices.
std::string canonical_prices(const cost::price_schedule& schedule);

// One price a config's messages can be charged at: the config's own, or a book period's, or
// none (no book price in force).
struct price_option {
    cost::price_resolution resolution;
    std::optional<book_period> period;  // the book period, or none
    std::string config_prices;          // the config's own prices: canonical_prices()
    // chatcost_price_refs.id per level, by price_level::above_context (-1: the base); filled by
    // price_catalog::register_refs.
    std::vector<std::pair<std::int64_t, std::int64_t>> refs;

    // The ref of the level that priced a message (schedule.level_for), if registered.
    std::optional<std::int64_t> ref_for(const cost::price_level& level) const noexcept {
        for (const auto& [above, id] : refs) {
            if (above == level.above_context) return id;
        }
        return std::nullopt;
    }
    // The key of that level's ref; nullopt when nothing prices (no price, or invalid).
    std::optional<price_ref_key> ref_key(const std::string& config_id, std::int64_t above_context) const;
};

// The price in force for a message: the option, and how it was chosen.
struct price_in_force {
    const price_option* option = nullptr;  // never nullptr from priced_config::at
    bool before_first = false;             // created before the first recorded period: the earliest is used
};

// One config, resolved.
struct priced_config {
    std::string id;
    std::string provider;
    std::string model;
    cost::price_resolution resolution;  // the price in force now (what ai_model_prices shows)
    bool own_prices = false;            // the config sets prices: they price every message
    std::vector<book_period> periods;   // of (provider, model), by start; none when own_prices
    // own_prices: the config's; else one per period (same order), then the "no price" option.
    std::vector<price_option> options;

    // The price in force at `created_at` (epoch microseconds).
    price_in_force at(std::int64_t created_at) const noexcept;
};

class price_catalog {
public:
    // Every config (config_id nullopt), or only that one.
    static price_catalog load(pqxx::transaction_base& tx, const std::optional<std::string>& config_id = {});

    // Gives every price the catalog can charge its chatcost_price_refs id, in one statement:
    // creating the missing rows when `create`, else (a dry run) looking them up only, a missing
    // one getting a placeholder id below zero that no stored ref equals.
    void register_refs(pqxx::transaction_base& tx, bool create);

    // The config with that id (uuid text as PostgreSQL prints it), or nullptr.
    const priced_config* find(std::string_view config_id) const;
    std::size_t size() const { return configs_.size(); }

    // What a message without a model config is priced with: nothing (no_model_config).
    static const cost::price_resolution& no_config();

private:
    struct text_hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
    };
    std::unordered_map<std::string, priced_config, text_hash, std::equal_to<>> configs_;
};

}  // namespace chatcost::db
