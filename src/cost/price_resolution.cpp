#include "cost/price_resolution.hpp"

#include <array>
#include <stdexcept>
#include <vector>

#include "cost/config_tiers.hpp"

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
    auto set = [](const config_price_text& text) { return text.nested || text.legacy; };
    bool any = set(config.reasoning);
    for (auto which : all_categories) any = any || set(config.prices[which]);
    return any;
}

// A config's price text, parsed; `place` names it in the error: the key, or "cost.tiers[0].input".
result<std::optional<price>> config_price(const model_config_view& config,
                                          const std::optional<std::string_view>& text,
                                          std::string_view place) {
    if (!text) return std::optional<price>{};
    auto parsed = parse_price(*text);
    if (!parsed) {
        return result<std::optional<price>>::failure("config " + std::string(config.id) + ": " +
                                                     std::string(place) + ": " + parsed.error());
    }
    return std::optional<price>(parsed.value());
}

// Per key, nested before legacy. A nested value that does not parse is an error even when a
// legacy value would: falling back would charge a price nobody meant.
struct config_key_reader {
    const model_config_view& config;
    bool any_nested = false;
    bool any_legacy = false;

    // The price of one key, its origin set when there is one; the error when it does not parse.
    result<std::optional<price>> read(const config_price_text& text, std::string_view key,
                                      price_source& origin) {
        const auto& chosen = text.nested ? text.nested : text.legacy;
        auto parsed = config_price(config, chosen, key);
        if (parsed.ok() && chosen) {
            origin = text.nested ? price_source::config_nested : price_source::config_legacy;
            any_nested = any_nested || text.nested.has_value();
            any_legacy = any_legacy || !text.nested.has_value();
        }
        return parsed;
    }
};

result<std::vector<context_tier>> config_tiers(const model_config_view& config,
                                               const std::vector<config_tier_text>& texts) {
    std::vector<context_tier> tiers;
    for (const auto& text : texts) {
        auto place = "cost.tiers[" + std::to_string(tiers.size()) + "].";
        context_tier tier{.size = text.size};
        for (auto which : all_categories) {
            auto parsed =
                config_price(config, text.prices[which], place + std::string(tier_price_key(which)));
            if (!parsed) return result<std::vector<context_tier>>::failure(parsed.error());
            tier.prices[which] = parsed.value();
        }
        auto reasoning = config_price(config, text.reasoning, place + "reasoning");
        if (!reasoning) return result<std::vector<context_tier>>::failure(reasoning.error());
        tier.reasoning = reasoning.value();
        tiers.push_back(tier);
    }
    return tiers;
}

price_resolution resolved(std::string source_key, result<price_schedule> schedule, std::string_view where) {
    if (!schedule) {
        return invalid_resolution(std::string(where) + ": " + schedule.error());
    }
    price_resolution out;
    out.status = resolution_status::resolved;
    out.source_key = std::move(source_key);
    out.schedule = std::move(schedule).value();
    out.prices = out.schedule.base_prices();
    return out;
}

price_resolution from_config(const model_config_view& config,
                             const std::vector<config_tier_text>& tier_texts) {
    config_key_reader reader{config};
    price_set base;
    per_category<price_source> origins;
    for (auto which : all_categories) {
        auto read = reader.read(config.prices[which], config_key(which), origins[which]);
        if (!read) return invalid_resolution(read.error());
        base[which] = read.value();
    }
    price_source reasoning_origin = price_source::none;
    auto reasoning = reader.read(config.reasoning, reasoning_config_key, reasoning_origin);
    if (!reasoning) return invalid_resolution(reasoning.error());
    auto tiers = config_tiers(config, tier_texts);
    if (!tiers) return invalid_resolution(tiers.error());
    reader.any_nested = reader.any_nested || !tier_texts.empty();  // tiers are only ever nested

    auto out = resolved(std::string(config.id),
                        price_schedule::with_tiers(base, reasoning.value(), std::move(tiers).value()),
                        "config " + std::string(config.id) + ": cost.tiers");
    if (out.status != resolution_status::resolved) return out;
    out.origins = origins;
    out.reasoning_origin = reasoning_origin;
    out.source = reader.any_nested && reader.any_legacy ? price_source::config_mixed
                 : reader.any_nested                    ? price_source::config_nested
                                                        : price_source::config_legacy;
    return out;
}

// The book's integer micro-dollars per 1M tokens as a price; `column` names it in the error.
result<std::optional<price>> book_price(const std::string& key, const std::optional<std::int64_t>& micros,
                                        std::string_view column) {
    if (!micros) return std::optional<price>{};
    auto converted = price::from_micros_per_million(*micros);
    if (!converted) {
        return result<std::optional<price>>::failure("price book " + key + ": " + std::string(column) + ": " +
                                                     converted.error());
    }
    return std::optional<price>(converted.value());
}

price_resolution from_price_book(const model_config_view& config, const std::optional<price_book_row>& book) {
    auto key = book_key(config.provider, config.model);
    if (!book) {
        return resolved(key, price_schedule{}, "");  // source none: the message will be unpriced (no_prices)
    }
    if (book->provider != config.provider || book->model != config.model) {
        throw std::invalid_argument("price book row " + book_key(book->provider, book->model) +
                                    " passed for config " + std::string(config.id) + " (" + key + ")");
    }
    price_set base;
    per_category<price_source> origins;
    for (auto which : all_categories) {
        auto read = book_price(key, book->micros_per_million[which], price_book_column(which));
        if (!read) return invalid_resolution(read.error());
        base[which] = read.value();
        if (base[which]) origins[which] = price_source::price_book;
    }
    auto reasoning = book_price(key, book->reasoning_micros_per_million, reasoning_price_book_column);
    if (!reasoning) return invalid_resolution(reasoning.error());
    std::vector<context_tier> tiers;
    for (const auto& row : book->tiers) {
        auto tier_key = key + " tier " + std::to_string(row.size);
        context_tier tier{.size = row.size};
        for (auto which : all_categories) {
            auto read = book_price(tier_key, row.micros_per_million[which], price_book_column(which));
            if (!read) return invalid_resolution(read.error());
            tier.prices[which] = read.value();
        }
        auto tier_reasoning =
            book_price(tier_key, row.reasoning_micros_per_million, reasoning_price_book_column);
        if (!tier_reasoning) return invalid_resolution(tier_reasoning.error());
        tier.reasoning = tier_reasoning.value();
        tiers.push_back(tier);
    }
    auto out = resolved(key, price_schedule::with_tiers(base, reasoning.value(), std::move(tiers)),
                        "price book " + key);
    if (out.status != resolution_status::resolved) return out;
    // A row whose prices are all NULL still is the source consulted: explain says so.
    out.source = price_source::price_book;
    out.origins = origins;
    if (reasoning.value()) out.reasoning_origin = price_source::price_book;
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
    std::vector<config_tier_text> tier_texts;
    if (config->tiers_json) {
        auto read = read_config_tiers(*config->tiers_json);
        if (!read) return invalid_resolution("config " + std::string(config->id) + ": " + read.error());
        tier_texts = std::move(read).value();
    }
    return sets_any_key(*config) || !tier_texts.empty() ? from_config(*config, tier_texts)
                                                        : from_price_book(*config, book);
}

std::vector<invalid_config_price> invalid_config_prices(const model_config_view& config) {
    std::vector<invalid_config_price> invalid;
    auto check = [&](std::optional<std::string_view> text, std::string key, std::optional<category> which) {
        if (!text) return;
        auto parsed = parse_price(*text);
        if (!parsed) invalid.push_back({std::move(key), std::string(*text), parsed.error(), which});
    };
    // The option that prices the key: nested wins, even when it is the one that does not read.
    auto check_key = [&](const config_price_text& text, std::string_view key, std::optional<category> which) {
        check(text.nested ? text.nested : text.legacy,
              std::string(text.nested ? "options.cost." : "options.") + std::string(key), which);
    };
    for (auto which : all_categories) check_key(config.prices[which], config_key(which), which);
    check_key(config.reasoning, reasoning_config_key, std::nullopt);
    if (!config.tiers_json) return invalid;
    auto tiers = read_config_tiers(*config.tiers_json);
    if (!tiers) return invalid;
    for (std::size_t i = 0; i < tiers.value().size(); ++i) {
        const auto& tier = tiers.value()[i];
        auto place = "options.cost.tiers[" + std::to_string(i) + "].";
        for (auto which : all_categories)
            check(tier.prices[which], place + std::string(tier_price_key(which)), std::nullopt);
        check(tier.reasoning, place + "reasoning", std::nullopt);
    }
    return invalid;
}

cost_result price_with(const token_usage& usage, const price_resolution& resolution) {
    if (resolution.status == resolution_status::resolved) {
        return price_message(usage, resolution.schedule);
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
