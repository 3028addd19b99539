#pragma once
// A message's token counts, as stored in chat_messages: NULL (nullopt) means unknown.
// total_tokens and context_limit are deliberately absent: DESIGN §2 rule 3 ignores them.

#include <cstdint>
#include <optional>

#include "cost/category.hpp"

namespace chatcost::cost {

struct token_usage {
    std::optional<std::int64_t> input{};
    std::optional<std::int64_t> output{};
    std::optional<std::int64_t> reasoning{};  // already inside output: counted as usage, never priced
    std::optional<std::int64_t> cache_read{};
    std::optional<std::int64_t> cache_creation{};  // priced at the cache_write price

    friend bool operator==(const token_usage&, const token_usage&) = default;
};

// The tokens a category's price applies to.
constexpr const std::optional<std::int64_t>& tokens_for(const token_usage& usage, category which) noexcept {
    switch (which) {
        case category::input:
            return usage.input;
        case category::output:
            return usage.output;
        case category::cache_read:
            return usage.cache_read;
        case category::cache_write:
            break;
    }
    return usage.cache_creation;  // category::cache_write, outside the switch for -Wreturn-type
}

}  // namespace chatcost::cost
