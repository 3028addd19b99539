#pragma once
// A price book: what `ai_model_prices` holds, one entry per (provider, model), each price in
// micro-dollars per 1M tokens (3000000 = $3/M) or nullopt for unknown (DESIGN §2 rule 6.2).
// The file format is a JSON array of these entries (price_book_writer.hpp).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "cost/category.hpp"
#include "cost/price.hpp"

namespace chatcost::pricebook {

using micros_prices = cost::per_category<std::optional<std::int64_t>>;

// A long-context tier of an entry (DESIGN §2 rule 8): the prices that apply to the whole message
// when its context (input + cache read + cache creation tokens) is above `size`. A price left
// out (nullopt: the key absent or null in the file) inherits the entry's own price of that
// category; a tier cannot make a category unknown.
struct price_book_tier {
    std::int64_t size = 0;
    micros_prices prices{};
    std::optional<std::int64_t> reasoning_price{};

    friend bool operator==(const price_book_tier&, const price_book_tier&) = default;
};

struct price_book_entry {
    std::string provider;
    std::string model;
    micros_prices prices;
    // The price of reasoning tokens (rule 9), nullopt when they are priced as output.
    std::optional<std::int64_t> reasoning_price{};
    // By increasing size, each size once; empty for a flat price.
    std::vector<price_book_tier> tiers{};

    friend bool operator==(const price_book_entry&, const price_book_entry&) = default;
};

using price_book = std::vector<price_book_entry>;

// The largest price the cost engine can use, so the largest a book may hold:
// 9,223,372,036,854 micro-dollars per 1M tokens (about $9.2M per 1M tokens).
inline constexpr std::int64_t max_micros_per_million = cost::price::max_units / 1'000'000;

// The six keys every book entry has, in file order; then the two optional ones, written only
// when the entry has a reasoning price or tiers, so that a book without them reads as before.
inline constexpr std::array<std::string_view, 6> entry_keys{
    "provider", "model", "input_price", "output_price", "cache_read_price", "cache_write_price"};
inline constexpr std::array<std::string_view, 2> optional_entry_keys{"reasoning_price", "tiers"};
// The keys of a tier object, in file order: "size" (required), then each price (optional).
inline constexpr std::array<std::string_view, 6> tier_keys{
    "size", "input_price", "output_price", "cache_read_price", "cache_write_price", "reasoning_price"};

// Books are sorted by (provider, model), bytewise, so that a generated file is stable.
inline bool key_less(const price_book_entry& a, const price_book_entry& b) {
    return std::tie(a.provider, a.model) < std::tie(b.provider, b.model);
}

// "provider/model", for messages (model ids may themselves hold '/').
inline std::string display_key(const price_book_entry& entry) {
    return entry.provider + "/" + entry.model;
}

}  // namespace chatcost::pricebook
