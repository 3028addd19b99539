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

struct price_book_entry {
    std::string provider;
    std::string model;
    micros_prices prices;

    friend bool operator==(const price_book_entry&, const price_book_entry&) = default;
};

using price_book = std::vector<price_book_entry>;

// The largest price the cost engine can use, so the largest a book may hold:
// 9,223,372,036,854 micro-dollars per 1M tokens (about $9.2M per 1M tokens).
inline constexpr std::int64_t max_micros_per_million = cost::price::max_units / 1'000'000;

// The six keys of a book entry, in file order.
inline constexpr std::array<std::string_view, 6> entry_keys{
    "provider", "model", "input_price", "output_price", "cache_read_price", "cache_write_price"};

// Books are sorted by (provider, model), bytewise, so that a generated file is stable.
inline bool key_less(const price_book_entry& a, const price_book_entry& b) {
    return std::tie(a.provider, a.model) < std::tie(b.provider, b.model);
}

// "provider/model", for messages (model ids may themselves hold '/').
inline std::string display_key(const price_book_entry& entry) {
    return entry.provider + "/" + entry.model;
}

}  // namespace chatcost::pricebook
