#include "ledger/price_catalog.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <map>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "db/sql_array.hpp"

namespace chatcost::db {

namespace {

// The column prefix of a category in price_catalog_configs.sql and explain_message.sql.
std::string_view column_prefix(cost::category which) {
    constexpr std::array<std::string_view, 4> prefixes{"input", "output", "cache_read", "cache_write"};
    return prefixes[static_cast<std::size_t>(which)];
}

std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional(field.as<std::int64_t>());
}

cost::per_category<std::optional<std::int64_t>> book_columns(const pqxx::row& row) {
    cost::per_category<std::optional<std::int64_t>> book;
    for (auto which : cost::all_categories)
        book[which] = optional_int(row[std::string(cost::price_book_column(which))]);
    return book;
}

cost::model_config_view view_of(const config_prices& prices) {
    cost::model_config_view view{prices.id, prices.provider, prices.model, {}};
    for (auto which : cost::all_categories) {
        if (prices.nested[which]) view.prices[which].nested = *prices.nested[which];
        if (prices.legacy[which]) view.prices[which].legacy = *prices.legacy[which];
    }
    if (prices.reasoning_nested) view.reasoning.nested = *prices.reasoning_nested;
    if (prices.reasoning_legacy) view.reasoning.legacy = *prices.reasoning_legacy;
    if (prices.tiers_json) view.tiers_json = *prices.tiers_json;
    return view;
}

std::string price_text(const std::optional<cost::price>& price) {
    return price ? price->to_string() : "-";
}

// A config that sets any price (or an invalid one) is priced by it alone: the book row does
// not matter, so resolving without one tells.
bool sets_own_prices(const cost::price_resolution& without_book) {
    return without_book.status == cost::resolution_status::invalid ||
           without_book.source != cost::price_source::none;
}

// Every level of a schedule that can price a message: the base (-1), then each tier's size.
std::vector<std::int64_t> level_sizes(const cost::price_schedule& schedule) {
    std::vector<std::int64_t> sizes{-1};
    for (const auto& tier : schedule.tiers()) sizes.push_back(tier.size);
    return sizes;
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
    out.reasoning_nested = optional_text(row["reasoning_nested"]);
    out.reasoning_legacy = optional_text(row["reasoning_legacy"]);
    out.tiers_json = optional_text(row["tiers_nested"]);
    if (row["has_book_row"].as<bool>()) {
        out.book = book_columns(row);
        out.book_reasoning = optional_int(row["reasoning_price"]);
        out.book_tier_list = read_book_tiers(row["book_tiers"]);
    }
    return out;
}

cost::model_config_view config_prices::view() const {
    return view_of(*this);
}

cost::price_resolution config_prices::resolve() const {
    std::optional<cost::price_book_row> row;
    // The row's tiers are a view into book_tier_list: resolve_prices copies what it keeps.
    if (book) row = cost::price_book_row{provider, model, *book, book_reasoning, book_tier_list};
    return cost::resolve_prices(view_of(*this), row);
}

period_prices period_prices::from_row(const pqxx::row& row) {
    period_prices out;
    out.period.id = row["id"].as<std::int64_t>();
    out.period.custom = row["custom"].as<bool>();
    out.period.valid_from = row["valid_from_us"].as<std::int64_t>();
    out.period.valid_until = optional_int(row["valid_until_us"]);
    out.period.valid_from_text = row["valid_from_text"].c_str();
    out.period.valid_until_text = optional_text(row["valid_until_text"]);
    out.provider = row["provider"].c_str();
    out.model = row["model"].c_str();
    out.micros_per_million = book_columns(row);
    out.reasoning = optional_int(row["reasoning_price"]);
    out.tiers = read_book_tiers(row["book_tiers"]);
    return out;
}

std::string canonical_prices(const cost::price_schedule& schedule) {
    auto line = [](const cost::price_set& prices, const std::optional<cost::price>& reasoning) {
        return fmt::format("{},{},{},{},{}", price_text(prices[cost::category::input]),
                           price_text(prices[cost::category::output]),
                           price_text(prices[cost::category::cache_read]),
                           price_text(prices[cost::category::cache_write]), price_text(reasoning));
    };
    auto text = line(schedule.base_prices(), schedule.reasoning_price());
    for (const auto& tier : schedule.tiers())
        text += fmt::format(";>{}:{}", tier.size, line(tier.prices, tier.reasoning));
    return text;
}

std::optional<price_ref_key> price_option::ref_key(const std::string& config_id,
                                                   std::int64_t above_context) const {
    if (resolution.status != cost::resolution_status::resolved || !resolution.schedule.has_any_price())
        return std::nullopt;
    price_ref_key key;
    if (above_context >= 0) key.tier_size = above_context;
    if (period) {
        key.source = period->custom ? "custom" : "default";
        key.period_id = period->id;
    } else {
        key.source = "config";
        key.config_id = config_id;
        key.config_prices = config_prices;
    }
    return key;
}

price_in_force priced_config::at(std::int64_t created_at) const noexcept {
    if (own_prices) return {&options.front(), false};
    auto choice = choose_period(periods, created_at);
    if (!choice) return {&options.back(), false};
    return {&options[choice->index], choice->before_first};
}

price_catalog price_catalog::load(pqxx::transaction_base& tx, const std::optional<std::string>& config_id) {
    std::map<std::pair<std::string, std::string>, std::vector<period_prices>> periods;
    for (const auto& row : tx.exec_params(std::string(query("price_catalog_periods")), config_id)) {
        auto period = period_prices::from_row(row);
        periods[{period.provider, period.model}].push_back(std::move(period));
    }
    price_catalog catalog;
    for (const auto& row : tx.exec_params(std::string(query("price_catalog_configs")), config_id)) {
        auto prices = config_prices::from_row(row);
        priced_config config{prices.id, prices.provider, prices.model, {}, false, {}, {}};
        const auto view = view_of(prices);
        auto own = cost::resolve_prices(view, std::nullopt);
        if (sets_own_prices(own)) {
            config.own_prices = true;
            config.options.push_back({own, std::nullopt, canonical_prices(own.schedule), {}});
            config.resolution = std::move(own);
        } else {
            auto found = periods.find({prices.provider, prices.model});
            if (found != periods.end()) {
                for (const auto& period : found->second) {
                    cost::price_book_row book{prices.provider, prices.model, period.micros_per_million,
                                              period.reasoning, period.tiers};
                    config.periods.push_back(period.period);
                    config.options.push_back({cost::resolve_prices(view, book), period.period, {}, {}});
                }
            }
            config.options.push_back({std::move(own), std::nullopt, {}, {}});  // no book price
            auto now = open_period(config.periods);
            config.resolution = config.options[now ? *now : config.options.size() - 1].resolution;
        }
        catalog.configs_.emplace(prices.id, std::move(config));
    }
    return catalog;
}

void price_catalog::register_refs(pqxx::transaction_base& tx, bool create) {
    std::vector<price_ref_key> keys;
    std::vector<std::pair<price_option*, std::int64_t>> users;  // (option, level) per key, by index
    std::vector<std::size_t> user_key;
    for (auto& [id, config] : configs_) {
        for (auto& option : config.options) {
            option.refs.clear();
            for (auto size : level_sizes(option.resolution.schedule)) {
                auto key = option.ref_key(config.id, size);
                if (!key) continue;
                // A book period serves every config of its model: one key for all of them.
                auto same = std::find(keys.begin(), keys.end(), *key);
                user_key.push_back(static_cast<std::size_t>(same - keys.begin()));
                if (same == keys.end()) keys.push_back(std::move(*key));
                users.emplace_back(&option, size);
            }
        }
    }
    if (keys.empty()) return;
    std::vector<std::string> sources, config_ids, texts;  // "" for NULL (the statement says)
    std::vector<std::optional<std::int64_t>> period_ids, tier_sizes;
    for (const auto& key : keys) {
        sources.emplace_back(key.source);
        period_ids.push_back(key.period_id);
        config_ids.push_back(key.config_id.value_or(""));
        texts.push_back(key.config_prices.value_or(""));
        tier_sizes.push_back(key.tier_size);
    }
    std::vector<std::optional<std::int64_t>> ids(keys.size());
    const std::string sql(query(create ? "price_refs_register" : "price_refs_lookup"));
    // A ref another session inserted while this statement ran is not seen by it: once more.
    for (int attempt = 0; attempt < 3; ++attempt) {
        auto rows = tx.exec_params(sql, text_array(sources), integer_array(period_ids),
                                   text_array(config_ids), text_array(texts), integer_array(tier_sizes));
        bool complete = true;
        for (const auto& row : rows) {
            auto& id = ids[row[0].as<std::size_t>() - 1];
            id = optional_int(row[1]);
            complete = complete && id.has_value();
        }
        if (complete || !create) break;
    }
    for (std::size_t i = 0; i < users.size(); ++i) {
        auto index = user_key[i];
        if (!ids[index] && create)
            throw std::runtime_error("chatcost_price_refs: a price ref could not be read back");
        // A dry run's placeholder: below zero, one per key, equal to no stored ref.
        auto id = ids[index].value_or(-1 - static_cast<std::int64_t>(index));
        users[i].first->refs.emplace_back(users[i].second, id);
    }
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
