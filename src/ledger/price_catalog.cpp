#include "ledger/price_catalog.hpp"

#include <array>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

namespace {

// The column prefix of a category in price_catalog_configs.sql and explain_message.sql.
std::string_view column_prefix(cost::category which) {
    constexpr std::array<std::string_view, 4> prefixes{"input", "output", "cache_read", "cache_write"};
    return prefixes[static_cast<std::size_t>(which)];
}

std::optional<std::string> optional_text(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str());
}

}  // namespace

config_prices config_prices::from_row(const pqxx::row& row) {
    config_prices out;
    out.id = row["config_id"].c_str();
    out.provider = row["provider"].c_str();
    out.model = row["model"].c_str();
    for (auto which : cost::all_categories) {
        out.nested[which] = optional_text(row[fmt::format("{}_nested", column_prefix(which))]);
        out.legacy[which] = optional_text(row[fmt::format("{}_legacy", column_prefix(which))]);
    }
    if (row["has_book_row"].as<bool>()) {
        cost::per_category<std::optional<std::int64_t>> book;
        for (auto which : cost::all_categories) {
            auto field = row[std::string(cost::price_book_column(which))];
            book[which] = field.is_null() ? std::nullopt : std::optional(field.as<std::int64_t>());
        }
        out.book = book;
    }
    return out;
}

cost::price_resolution config_prices::resolve() const {
    cost::model_config_view view{id, provider, model, {}};
    for (auto which : cost::all_categories) {
        if (nested[which]) view.prices[which].nested = *nested[which];
        if (legacy[which]) view.prices[which].legacy = *legacy[which];
    }
    std::optional<cost::price_book_row> row;
    if (book) row = cost::price_book_row{provider, model, *book};
    return cost::resolve_prices(view, row);
}

price_catalog price_catalog::load(pqxx::transaction_base& tx, const std::optional<std::string>& config_id) {
    price_catalog catalog;
    for (const auto& row : tx.exec_params(std::string(query("price_catalog_configs")), config_id)) {
        auto prices = config_prices::from_row(row);
        priced_config config{prices.id, prices.provider, prices.model, prices.resolve()};
        catalog.configs_.emplace(prices.id, std::move(config));
    }
    return catalog;
}

const priced_config* price_catalog::find(std::string_view config_id) const {
    auto found = configs_.find(config_id);
    return found == configs_.end() ? nullptr : &found->second;
}

const cost::price_resolution& price_catalog::no_config() {
    static const cost::price_resolution nothing = cost::resolve_prices(std::nullopt, std::nullopt);
    return nothing;
}

}  // namespace chatcost::db
