#pragma once
// models.dev's catalogue (`api.json`) to a price book.
//
// The input: { "<provider id>": { "models": { "<model id>": { "cost": { "input": 3,
// "output": 15, "cache_read": 0.3, "cache_write": 3.75, "reasoning": 20, "tiers": [{"input": 6,
// "output": 22.5, "tier": {"type": "context", "size": 272000}}], ... } } } } }, prices in USD
// per 1M tokens, each converted exactly from the number's text (micros_conversion.hpp).
// - The four categories and `reasoning` are the entry's prices.
// - `tiers` are the entry's tiers: each a full replacement price set above `tier.size` tokens
//   of context. A price a tier leaves out inherits the base's (the book's rule), and is listed
//   in `inherited`. A tier whose `tier` is not exactly {type: "context", size} is not carried.
// - `context_over_200k` is never read: it is a legacy copy of one tier, whose threshold may be
//   wrong; with tiers it is not even noted.
// - Anything else (audio prices, unknown keys, a tier's audio price, the service modes of
//   `experimental.modes.<mode>.cost`) is noted per model, so that nothing is dropped silently.

#include <string>
#include <string_view>
#include <vector>

#include "pricebook/price_book.hpp"

namespace chatcost::pricebook {

// Which providers to take: the named ones (each must exist upstream and have prices), or all.
struct provider_selection {
    bool all = false;
    std::vector<std::string> names{"anthropic", "openai", "google"};
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
    // Cost keys the book does not carry, one line per model: "openai/gpt-audio: not carried:
    // input_audio=40, output_audio=80".
    std::vector<std::string> uncarried;
    // Tiers that leave out a price their base has, which they inherit, one line per model:
    // "google/gemini-x: tier above 200000 inherits cache_write from the base".
    std::vector<std::string> inherited;
    // Prices that look wrong upstream (carried as they are), one line per model: a cache read
    // above input, a cache write below a cache read, a tier cheaper than its base.
    // "acme/m: cache_read 3 is above input 1 (USD per 1M tokens)".
    std::vector<std::string> suspicious;
    // Models left out because they have no price: "github-copilot/gpt-4o: no cost".
    std::vector<std::string> skipped;
    // What makes the result unusable, all of it: malformed JSON, a requested provider missing
    // or without prices, a model id that cannot be stored, no input or output price at all, a
    // price that is not a number, a tier without a positive integer size or with a repeated one.
    std::vector<std::string> errors;
};

generation read_models_dev(std::string_view api_json, const provider_selection& selection);

}  // namespace chatcost::pricebook
