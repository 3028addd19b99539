#pragma once
// models.dev's catalogue (`api.json`) to a price book.
//
// The input: { "<provider id>": { "models": { "<model id>": { "cost": { "input": 3,
// "output": 15, "cache_read": 0.3, "cache_write": 3.75, ... } } } } }, prices in USD per 1M
// tokens. The four keys the book carries are converted exactly from the number's text
// (micros_conversion.hpp); every other cost key (reasoning, audio, context_over_200k, tiers)
// is noted, so that nothing is dropped silently.

#include <string>
#include <string_view>
#include <vector>

#include "pricebook/price_book.hpp"

namespace chatcost::pricebook {

// Which providers to take: the named ones (each must exist upstream and have prices), or all.
struct provider_selection {
    bool all = false;
    std::vector<std::string> names{"anthropic", "openai"};
};

// "all", or a comma-separated list of provider ids ("anthropic,openai"); spaces around the
// names are ignored. Throws failure(usage) for an empty name.
provider_selection parse_provider_selection(std::string_view list);

struct generation {
    price_book entries;              // sorted by (provider, model)
    std::size_t provider_count = 0;  // providers with at least one entry
    // Values changed on the way, to report: rounded to a micro-dollar, negative or too large
    // (now null). "anthropic/x: input: 0.0000025 USD/M rounded to 3 micro-dollars per 1M tokens"
    std::vector<std::string> adjustments;
    // Cost keys the book does not carry, one line per model: "opencode/gpt-5: not carried:
    // reasoning=10".
    std::vector<std::string> uncarried;
    // Models left out because they have no price: "github-copilot/gpt-4o: no cost".
    std::vector<std::string> skipped;
    // What makes the result unusable, all of it: malformed JSON, a requested provider missing
    // or without prices, a model id that cannot be stored, no input or output price at all.
    std::vector<std::string> errors;
};

generation read_models_dev(std::string_view api_json, const provider_selection& selection);

}  // namespace chatcost::pricebook
