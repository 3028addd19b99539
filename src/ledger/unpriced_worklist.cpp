#include "ledger/unpriced_worklist.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cost/price.hpp"
#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "ledger/price_catalog.hpp"
#include "ledger/price_name_suggestions.hpp"
#include "migrations/schema_state.hpp"

namespace chatcost::db {

namespace {

using snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    if (field.is_null()) return std::nullopt;
    return field.as<std::int64_t>();
}

// A micro-dollar price as exact dollars: 3750000 -> "3.75".
std::string dollars(std::int64_t micros) {
    auto parsed = cost::price::from_micros_per_million(micros);
    return parsed ? parsed.value().to_string() : std::to_string(micros);
}

std::string shell_word(std::string_view word) {
    auto plain = [](unsigned char c) {
        return std::isalnum(c) || std::string_view("._/:@,=+-").find(c) != std::string_view::npos;
    };
    if (!word.empty() && std::all_of(word.begin(), word.end(), plain)) return std::string(word);
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

bool has_any_price(const catalogue_price& row) {
    for (auto which : cost::all_categories)
        if (row.prices[which]) return true;
    return row.reasoning.has_value();
}

// The stored book (prices_list.sql, every row) for near matches.
std::vector<catalogue_price> stored_book(pqxx::transaction_base& tx) {
    std::vector<catalogue_price> rows;
    std::optional<std::string> all;
    for (const auto& row : tx.exec_params(std::string(query("prices_list")), all, all)) {
        catalogue_price price{row["provider"].c_str(),
                              row["model"].c_str(),
                              {},
                              optional_int(row["reasoning_price"]),
                              read_book_tiers(row["tiers"])};
        for (auto which : cost::all_categories)
            price.prices[which] = optional_int(row[std::string(cost::price_book_column(which))]);
        rows.push_back(std::move(price));
    }
    return rows;
}

catalogue_price from_entry(const pricebook::price_book_entry& entry) {
    catalogue_price price{entry.provider, entry.model, entry.prices, entry.reasoning_price, {}};
    for (const auto& tier : entry.tiers)
        price.tiers.push_back({tier.size, tier.prices, tier.reasoning_price});
    return price;
}

// The first priced row named like (provider, model): the stored book's, then the catalogue's.
// An exact name counts in the catalogue only (the stored book's exact row would price it).
std::optional<std::pair<catalogue_price, std::string>> find_near(
    std::string_view provider, std::string_view model, const std::vector<catalogue_price>& stored,
    std::span<const pricebook::price_book_entry> catalogue) {
    for (const auto& row : stored) {
        if (has_any_price(row) && is_near_match(provider, model, row.provider, row.model))
            return std::pair{row, std::string("price book")};
    }
    for (const auto& entry : catalogue) {
        auto row = from_entry(entry);
        bool exact = entry.provider == provider && entry.model == model;
        if (has_any_price(row) && (exact || is_near_match(provider, model, entry.provider, entry.model)))
            return std::pair{std::move(row), std::string("embedded book")};
    }
    return std::nullopt;
}

// The raw text of a config's option key, and its path under options (nested wins, as pricing).
std::pair<std::string, std::optional<std::string>> option_place(pqxx::transaction_base& tx,
                                                                const std::string& config_id,
                                                                const std::string& place) {
    auto rows = tx.exec_params(std::string(query("price_catalog_configs")), config_id);
    if (rows.empty()) return {"options." + place, std::nullopt};
    auto prices = config_prices::from_row(rows[0]);
    auto pick =
        [&](const std::optional<std::string>& nested,
            const std::optional<std::string>& legacy) -> std::pair<std::string, std::optional<std::string>> {
        if (nested) return {"options.cost." + place, nested};
        return {"options." + place, legacy};
    };
    for (auto which : cost::all_categories) {
        if (place == cost::config_key(which)) return pick(prices.nested[which], prices.legacy[which]);
    }
    if (place == cost::reasoning_config_key) return pick(prices.reasoning_nested, prices.reasoning_legacy);
    return {"options." + place, std::nullopt};  // a tier: the error shows its text
}

void classify(pqxx::transaction_base& tx, unpriced_item& item, std::int64_t latest,
              const price_catalog& catalog, const std::vector<catalogue_price>& stored,
              std::span<const pricebook::price_book_entry> catalogue) {
    const auto* config = item.model.model_config_id ? catalog.find(*item.model.model_config_id) : nullptr;
    if (!config) {
        item.reason = unpriced_reason::no_model_config;
        item.why = "no model config: the messages name none, nothing can price them";
        return;
    }
    const auto& resolution = config->at(latest).option->resolution;
    if (resolution.status == cost::resolution_status::invalid) {
        item.reason = unpriced_reason::invalid_price;
        auto place = invalid_config_key(resolution.error, config->id);
        auto [key, raw] = place ? option_place(tx, config->id, *place)
                                : std::pair{std::string("options.cost"), std::optional<std::string>{}};
        item.invalid_key = key;
        item.raw_value = raw;
        item.why = fmt::format("invalid price: {}", resolution.error);
        item.fix = fix_kind::config_key;
        item.fix_text = fmt::format("set {} of model config {} to a decimal number of USD per 1M tokens", key,
                                    config->id);
        return;
    }
    if (resolution.schedule.has_any_price()) {
        item.reason = unpriced_reason::not_backfilled;
        item.why = "a price is in force now: the messages were not priced yet";
        item.fix = fix_kind::command;
        item.fix_text = "chatcost backfill";
        return;
    }
    if (auto near = find_near(config->provider, config->model, stored, catalogue)) {
        item.reason = unpriced_reason::near_match;
        item.near_match = near->first.provider + "/" + near->first.model;
        item.near_match_source = near->second;
        item.why = fmt::format("no price for {}/{}; the {} has {}", config->provider, config->model,
                               near->second, *item.near_match);
        item.fix = fix_kind::command;
        item.fix_text = prices_set_command(config->provider, config->model, near->first);
        return;
    }
    item.reason = unpriced_reason::no_price;
    item.why = fmt::format("no price anywhere: the config sets none, no book price for {}/{}",
                           config->provider, config->model);
    item.fix = fix_kind::config_key;
    item.fix_text = fmt::format(
        "set options.cost.input_price_per_million_tokens and "
        "options.cost.output_price_per_million_tokens of model config {}",
        config->id);
}

}  // namespace

std::string_view name(unpriced_reason reason) noexcept {
    switch (reason) {
        case unpriced_reason::no_model_config:
            return "no_model_config";
        case unpriced_reason::invalid_price:
            return "invalid_price";
        case unpriced_reason::near_match:
            return "near_match";
        case unpriced_reason::no_price:
            return "no_price";
        case unpriced_reason::not_backfilled:
            return "not_backfilled";
    }
    return "unknown";
}

std::string_view name(fix_kind kind) noexcept {
    switch (kind) {
        case fix_kind::command:
            return "command";
        case fix_kind::config_key:
            return "config_key";
        case fix_kind::none:
            return "none";
    }
    return "none";
}

std::string prices_set_command(std::string_view provider, std::string_view model,
                               const catalogue_price& prices) {
    std::string command =
        "chatcost prices set " + shell_word(std::string(provider) + "/" + std::string(model));
    constexpr std::string_view flags[] = {"--input-price", "--output-price", "--cache-read-price",
                                          "--cache-write-price"};
    for (auto which : cost::all_categories) {
        if (auto micros = prices.prices[which])
            command += fmt::format(" {} {}", flags[static_cast<std::size_t>(which)], dollars(*micros));
    }
    if (prices.reasoning) command += " --reasoning-price " + dollars(*prices.reasoning);
    for (const auto& tier : prices.tiers) {
        std::vector<std::string> fields;
        for (auto which : cost::all_categories) {
            auto micros = tier.micros_per_million[which];
            fields.push_back(micros ? dollars(*micros) : "");
        }
        fields.push_back(tier.reasoning_micros_per_million ? dollars(*tier.reasoning_micros_per_million)
                                                           : "");
        while (!fields.empty() && fields.back().empty()) fields.pop_back();
        command += fmt::format(" --tier {}:{}", tier.size, fmt::join(fields, ","));
    }
    return command;
}

std::optional<std::string> invalid_config_key(std::string_view error, std::string_view config_id) {
    auto prefix = fmt::format("config {}: ", config_id);
    if (!error.starts_with(prefix)) return std::nullopt;
    auto rest = error.substr(prefix.size());
    auto end = rest.find(": ");
    if (end == std::string_view::npos || end == 0) return std::nullopt;
    return std::string(rest.substr(0, end));
}

unpriced_worklist read_unpriced_worklist(pqxx::connection& connection, const range_request& request,
                                         std::span<const pricebook::price_book_entry> catalogue) {
    snapshot tx(connection);
    unpriced_worklist worklist;
    auto state = read_schema_state(tx);
    if (!state.current()) require_current_schema(tx);  // throws, naming what is wrong
    worklist.schema_version = state.version;
    auto range = resolve_range(tx, request);
    worklist.range = range.shown;
    auto rows =
        tx.exec_params(std::string(query("report_unpriced_usage")), range.since_param, range.until_param);
    if (rows.empty()) return worklist;
    auto catalog = price_catalog::load(tx);
    auto stored = stored_book(tx);
    for (const auto& row : rows) {
        unpriced_item item;
        item.model = {optional_text(row["model_config_id"]), optional_text(row["display_name"]),
                      optional_text(row["provider"]), optional_text(row["model"])};
        item.messages = row["unpriced_messages"].as<std::int64_t>();
        item.tokens = {row["input_tokens"].as<std::int64_t>(), row["output_tokens"].as<std::int64_t>(),
                       row["reasoning_tokens"].as<std::int64_t>(),
                       row["cache_read_tokens"].as<std::int64_t>(),
                       row["cache_write_tokens"].as<std::int64_t>()};
        classify(tx, item, row["latest_created_us"].as<std::int64_t>(), catalog, stored, catalogue);
        worklist.items.push_back(std::move(item));
    }
    return worklist;
}

}  // namespace chatcost::db
