#include "cost/price_resolution.hpp"

#include <array>
#include <stdexcept>

namespace chatcost::cost {

namespace {

std::string book_key(std::string_view provider, std::string_view model) {
    std::string key{provider};
    key += '/';
    key += model;
    return key;
}

price_resolution invalid_resolution(std::string error) {
    price_resolution out;
    out.status = resolution_status::invalid;
    out.error = std::move(error);
    return out;
}

bool sets_any_key(const model_config_view& config) {
    for (auto which : all_categories) {
        if (config.prices[which].nested || config.prices[which].legacy) {
            return true;
        }
    }
    return false;
}

// Per key, nested before legacy. A nested value that does not parse is an error even when a
// legacy value would: falling back would charge a price nobody meant.
price_resolution from_config(const model_config_view& config) {
    price_resolution out;
    out.status = resolution_status::resolved;
    out.source_key = config.id;
    bool any_nested = false;
    bool any_legacy = false;
    for (auto which : all_categories) {
        const auto& text = config.prices[which];
        const auto& chosen = text.nested ? text.nested : text.legacy;
        if (!chosen) {
            continue;
        }
        auto parsed = parse_price(*chosen);
        if (!parsed) {
            return invalid_resolution("config " + std::string(config.id) + ": " +
                                      std::string(config_key(which)) + ": " + parsed.error());
        }
        out.prices[which] = parsed.value();
        out.origins[which] = text.nested ? price_source::config_nested : price_source::config_legacy;
        any_nested = any_nested || text.nested.has_value();
        any_legacy = any_legacy || !text.nested.has_value();
    }
    out.source = any_nested && any_legacy ? price_source::config_mixed
                 : any_nested             ? price_source::config_nested
                                          : price_source::config_legacy;
    return out;
}

price_resolution from_price_book(const model_config_view& config, const std::optional<price_book_row>& book) {
    price_resolution out;
    out.status = resolution_status::resolved;
    out.source_key = book_key(config.provider, config.model);
    if (!book) {
        return out;  // source none: the message will be unpriced (no_prices)
    }
    if (book->provider != config.provider || book->model != config.model) {
        throw std::invalid_argument("price book row " + book_key(book->provider, book->model) +
                                    " passed for config " + std::string(config.id) + " (" + out.source_key +
                                    ")");
    }
    // A row whose prices are all NULL still is the source consulted: explain says so.
    out.source = price_source::price_book;
    for (auto which : all_categories) {
        const auto& micros = book->micros_per_million[which];
        if (!micros) {
            continue;
        }
        auto converted = price::from_micros_per_million(*micros);
        if (!converted) {
            return invalid_resolution("price book " + out.source_key + ": " +
                                      std::string(price_book_column(which)) + ": " + converted.error());
        }
        out.prices[which] = converted.value();
        out.origins[which] = price_source::price_book;
    }
    return out;
}

}  // namespace

std::string_view name(price_source source) noexcept {
    constexpr std::array<std::string_view, 5> names{"none", "config_nested", "config_legacy", "config_mixed",
                                                    "price_book"};
    return names[static_cast<std::size_t>(source)];
}

price_resolution resolve_prices(const std::optional<model_config_view>& config,
                                const std::optional<price_book_row>& book) {
    if (!config) {
        return {};  // no_model_config
    }
    return sets_any_key(*config) ? from_config(*config) : from_price_book(*config, book);
}

cost_result price_with(const token_usage& usage, const price_resolution& resolution) {
    if (resolution.status == resolution_status::resolved) {
        return price_message(usage, resolution.prices);
    }
    // price_message checks usage first; keep that order when there is nothing to price with.
    if (auto rejected = check_usage(usage)) {
        return *std::move(rejected);
    }
    if (resolution.status == resolution_status::invalid) {
        return invalid_cost{resolution.error};
    }
    return unpriced_cost{unpriced_reason::no_model_config};
}

}  // namespace chatcost::cost
