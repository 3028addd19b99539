#pragma once
// Where a message's prices come from (DESIGN §2 rule 6), over plain values: the caller reads
// the model config and the price book row; this decides which of them prices the message.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "cost/category.hpp"
#include "cost/message_cost.hpp"
#include "cost/price_set.hpp"
#include "cost/token_usage.hpp"

namespace chatcost::cost {

// One option key of a model config, as text already extracted from the JSON: a string's
// content ("3.75") or a number's token (3.75). nullopt when the key is absent or JSON null.
struct config_price_text {
    std::optional<std::string_view> nested{};  // options->'cost'->'<key>'
    std::optional<std::string_view> legacy{};  // options->'<key>', read only when nested is unset
};

// A row of chat_model_configs, reduced to what pricing reads. Views: the caller owns the text.
struct model_config_view {
    std::string_view id{};
    std::string_view provider{};
    std::string_view model{};
    per_category<config_price_text> prices{};
};

// The ai_model_prices row for the config's (provider, model): micro-dollars per 1M tokens,
// nullopt for NULL (unknown for that category).
struct price_book_row {
    std::string_view provider{};
    std::string_view model{};
    per_category<std::optional<std::int64_t>> micros_per_million{};
};

// Which place priced a message, or one category of it (a single category is never mixed).
// none comes first so that a value-initialised price_source means "nothing".
enum class price_source {
    none,           // nothing: no config, or a config without prices and no price book row
    config_nested,  // options->'cost'->'<key>'
    config_legacy,  // options->'<key>'
    config_mixed,   // some keys nested, some legacy
    price_book,     // ai_model_prices, because the config sets none of the four keys
};

std::string_view name(price_source source) noexcept;  // stable, for JSON: "config_nested"

enum class resolution_status {
    resolved,         // prices is what to charge (it may still hold no price at all)
    no_model_config,  // the message is unpriced
    invalid,          // a price does not parse: every message of this config is invalid
};

struct price_resolution {
    resolution_status status = resolution_status::no_model_config;
    price_set prices{};
    price_source source = price_source::none;
    // The config id when a config priced it; "provider/model" when the price book was
    // consulted (source price_book, or none with a config); empty without a config.
    std::string source_key{};
    per_category<price_source> origins{};  // where each category's price came from
    std::string error{};  // invalid only: `config <id>: <key>: "abc" is not a decimal number`
};

// Rule 6: per key, the config's nested value, else its legacy one; only when the config sets
// none of the four keys, the price book row. Pass the row looked up by the config's
// (provider, model), or nullopt when there is none; a row for another model is a caller bug
// and throws std::invalid_argument. Resolve once per config, not once per message.
price_resolution resolve_prices(const std::optional<model_config_view>& config,
                                const std::optional<price_book_row>& book);

// The cost of `usage` at a resolved price. Bad usage is reported before a bad config, and a
// message without usage is no_tokens whatever its config: it has nothing to price.
cost_result price_with(const token_usage& usage, const price_resolution& resolution);

}  // namespace chatcost::cost
