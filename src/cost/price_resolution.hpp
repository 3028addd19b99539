#pragma once
// Where a message's prices come from (DESIGN §2 rule 6), over plain values: the caller reads
// the model config and the price book row; this decides which of them prices the message.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "cost/category.hpp"
#include "cost/message_cost.hpp"
#include "cost/price_schedule.hpp"
#include "cost/price_set.hpp"
#include "cost/token_usage.hpp"
#include "cost/total_cost.hpp"

namespace chatcost::cost {

// One option key of a model config, as text already extracted from the JSON: a string's
// content ("3.75") or a number's token (3.75). nullopt when the key is absent or JSON null.
struct config_price_text {
    std::optional<std::string_view> nested{};  // options->'cost'->'<key>'
    std::optional<std::string_view> legacy{};  // options->'<key>', read only when nested is unset
};

// The option key of a config's reasoning price (rule 9), read like the four of config_key().
inline constexpr std::string_view reasoning_config_key = "reasoning_price_per_million_tokens";
// The price book's name for it, in error messages: "reasoning_price".
inline constexpr std::string_view reasoning_price_book_column = "reasoning_price";

// A row of chat_model_configs, reduced to what pricing reads. Views: the caller owns the text.
struct model_config_view {
    std::string_view id{};
    std::string_view provider{};
    std::string_view model{};
    per_category<config_price_text> prices{};
    config_price_text reasoning{};  // reasoning_config_key, nested or legacy like the four
    // The JSON text of options->'cost'->'tiers' (say `options->'cost'->>'tiers'` in SQL, or a
    // JSON reader's raw text): the shape is in config_tiers.hpp. nullopt when absent or JSON
    // null. Only the nested place: no legacy top-level `tiers` was ever written.
    std::optional<std::string_view> tiers_json{};
};

// A long-context tier of the price book: micro-dollars per 1M tokens like the row's columns,
// nullopt (NULL) inheriting the row's price of that category (rule 8).
struct price_book_tier {
    std::int64_t size = 0;  // the context the tier applies above
    per_category<std::optional<std::int64_t>> micros_per_million{};
    std::optional<std::int64_t> reasoning_micros_per_million{};
};

// The ai_model_prices row for the config's (provider, model): micro-dollars per 1M tokens,
// nullopt for NULL (unknown for that category).
struct price_book_row {
    std::string_view provider{};
    std::string_view model{};
    per_category<std::optional<std::int64_t>> micros_per_million{};
    std::optional<std::int64_t> reasoning_micros_per_million{};
    std::span<const price_book_tier> tiers{};  // the caller's storage, in any order
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
    resolved,         // schedule is what to charge (it may still hold no price at all)
    no_model_config,  // the message is unpriced
    invalid,          // a price does not parse: every message of this config is invalid
};

struct price_resolution {
    resolution_status status = resolution_status::no_model_config;
    price_schedule schedule{};  // what prices the messages: base, reasoning price, tiers
    price_set prices{};         // schedule.base_prices(), for the callers that show the base prices
    price_source source = price_source::none;
    // The config id when a config priced it; "provider/model" when the price book was
    // consulted (source price_book, or none with a config); empty without a config.
    std::string source_key{};
    per_category<price_source> origins{};                // where each category's base price came from
    price_source reasoning_origin = price_source::none;  // where the base reasoning price came from
    std::string error{};  // invalid only: `config <id>: <key>: "abc" is not a decimal number`
};

// Rule 6: per key, the config's nested value, else its legacy one; only when the config sets
// no price (none of the five keys, and no tier in cost.tiers), the price book row with its
// reasoning price and tiers. A config that sets any price is used whole, tiers included: the
// book never fills in a key the config leaves out. Pass the row looked up by the config's
// (provider, model), or nullopt when there is none; a row for another model is a caller bug
// and throws std::invalid_argument. A price that does not parse, a malformed cost.tiers, or
// tiers with a non-positive or repeated size make the resolution invalid. Resolve once per
// config, not once per message.
price_resolution resolve_prices(const std::optional<model_config_view>& config,
                                const std::optional<price_book_row>& book);

// One price of a config that does not read (rule 5): where it is, its text as stored, and why.
struct invalid_config_price {
    std::string key;       // its path under the config: "options.cost.input_price_per_million_tokens",
                           // "options.reasoning_price_per_million_tokens", "options.cost.tiers[0].input"
    std::string raw_text;  // a JSON string's content or a number's token: "2,00", "-3"
    std::string reason;    // parse_price's: `"2,00" is not a decimal number`
    std::optional<category> base_category;  // the base price it is of; nullopt: reasoning or a tier's
};

// Every price of the config that does not read, in key order (the four, reasoning, then each
// tier's), read as resolve_prices reads them: per key the nested value, else the legacy one.
// resolve_prices stops at the first, which is enough to refuse the config; explain names them
// all. A cost.tiers that does not read lists none of its prices (resolve_prices says why).
std::vector<invalid_config_price> invalid_config_prices(const model_config_view& config);

// The cost of `usage` at a resolved price. Bad usage is reported before a bad config, and a
// message without usage is no_tokens whatever its config: it has nothing to price.
cost_result price_with(const token_usage& usage, const price_resolution& resolution);

// price_with's total and status alone, by the fast path (total_cost.hpp), for backfill.
inline cost_total total_cost(const token_usage& usage, const price_resolution& resolution) noexcept {
    if (resolution.status == resolution_status::resolved) {
        return total_cost(usage, resolution.schedule);
    }
    // Usage first, as price_with: a schedule without prices gives the usage's own verdict, or
    // no_prices when the usage could be priced.
    auto usage_verdict = total_cost(usage, price_schedule{});
    if (usage_verdict.status != cost_status::unpriced || usage_verdict.reason != unpriced_reason::no_prices) {
        return usage_verdict;
    }
    return resolution.status == resolution_status::invalid
               ? cost_total::invalid()
               : cost_total::unpriced(unpriced_reason::no_model_config);
}

}  // namespace chatcost::cost
