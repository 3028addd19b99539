#pragma once
// The long-context tiers of a model config (DESIGN §2 rule 8), read from the JSON text of
// `options->'cost'->'tiers'`. The shape is models.dev's `cost.tiers`:
//
//   [{"tier": {"type": "context", "size": 272000}, "input": "5.00", "output": 22.50,
//     "cache_read": "0.50", "cache_write": "6.25", "reasoning": "30"}, ...]
//
// - a list (JSON null: no tiers); each element an object with a "tier" object whose "type" is
//   "context" and whose "size" is a JSON integer (the context it applies above);
// - prices under models.dev's names: "input", "output", "cache_read", "cache_write", "reasoning",
//   each a JSON string holding a number ("5.00") or a JSON number (5.00), read from its text
//   exactly like the config's other prices (parse_price); a key left out or JSON null inherits
//   the base's price of that category;
// - other keys ("input_audio", ...) are ignored: no chat message has those tokens.
// cost/ may not use simdjson: this reader is small, strict JSON (RFC 8259), and returns views
// into the text, so nothing is copied but the list itself, once per config.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "cost/category.hpp"
#include "util/result.hpp"

namespace chatcost::cost {

// models.dev's name of a category inside a tier: "input", "output", "cache_read", "cache_write".
constexpr std::string_view tier_price_key(category which) noexcept {
    constexpr std::array<std::string_view, 4> keys{"input", "output", "cache_read", "cache_write"};
    return keys[static_cast<std::size_t>(which)];
}

struct config_tier_text {
    std::int64_t size = 0;
    per_category<std::optional<std::string_view>> prices{};  // a string's content or a number's token
    std::optional<std::string_view> reasoning{};
};

// The tiers as written, in the list's order; sizes are not checked here (price_schedule does).
// Fails naming the place: `cost.tiers[1].tier.size: 2.5 is not a whole number of tokens`.
result<std::vector<config_tier_text>> read_config_tiers(std::string_view json);

}  // namespace chatcost::cost
