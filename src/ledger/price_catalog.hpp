#pragma once
// The prices of every model config, resolved once per run (DESIGN.md section 2, rule 6): the
// config's nested or legacy option keys, else the price book row of its (provider, model).
// Backfill loads it once and prices each message with cost::price_with; explain reads one
// message's config with the same row reader, so that both resolve prices the same way.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <pqxx/result>
#include <pqxx/transaction_base>

#include "cost/category.hpp"
#include "cost/price_resolution.hpp"

namespace chatcost::db {

// A config's price texts and its price book row as read from a row shaped like
// sql/queries/price_catalog_configs.sql (columns config_id, provider, model, <category>_nested,
// <category>_legacy, has_book_row, <price book columns>). Owns the text the views point into.
struct config_prices {
    std::string id;
    std::string provider;
    std::string model;
    cost::per_category<std::optional<std::string>> nested;
    cost::per_category<std::optional<std::string>> legacy;
    std::optional<cost::per_category<std::optional<std::int64_t>>> book;  // nullopt: no row

    static config_prices from_row(const pqxx::row& row);
    cost::price_resolution resolve() const;
};

// One config, resolved.
struct priced_config {
    std::string id;
    std::string provider;
    std::string model;
    cost::price_resolution resolution;
};

class price_catalog {
public:
    // Every config (config_id nullopt), or only that one.
    static price_catalog load(pqxx::transaction_base& tx, const std::optional<std::string>& config_id = {});

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
