#pragma once
// The four priced categories of DESIGN §2 rule 2, and a record holding one value per category.
// Reasoning tokens are not a category: they are already inside output (rule 3).

#include <array>
#include <cstddef>
#include <string_view>

namespace chatcost::cost {

enum class category { input, output, cache_read, cache_write };

inline constexpr std::array<category, 4> all_categories{category::input, category::output,
                                                        category::cache_read, category::cache_write};

// Named fields, so that callers write `prices.input` and designated initialisers work;
// operator[] is there for the loops that treat the four alike.
template <class T>
struct per_category {
    T input{};
    T output{};
    T cache_read{};
    T cache_write{};

    constexpr T& operator[](category which) noexcept { return this->*field(which); }
    constexpr const T& operator[](category which) const noexcept { return this->*field(which); }

    friend constexpr bool operator==(const per_category&, const per_category&) = default;

private:
    static constexpr T per_category::*field(category which) noexcept {
        constexpr std::array<T per_category::*, 4> fields{&per_category::input, &per_category::output,
                                                          &per_category::cache_read,
                                                          &per_category::cache_write};
        return fields[static_cast<std::size_t>(which)];
    }
};

// The option key of a model config, in `options->'cost'` or at the top level of `options`.
constexpr std::string_view config_key(category which) noexcept {
    constexpr std::array<std::string_view, 4> keys{
        "input_price_per_million_tokens", "output_price_per_million_tokens",
        "cache_read_price_per_million_tokens", "cache_write_price_per_million_tokens"};
    return keys[static_cast<std::size_t>(which)];
}

// The column of `ai_model_prices` holding the category's micro-dollars per 1M tokens.
constexpr std::string_view price_book_column(category which) noexcept {
    constexpr std::array<std::string_view, 4> columns{"input_price", "output_price", "cache_read_price",
                                                      "cache_write_price"};
    return columns[static_cast<std::size_t>(which)];
}

// The column of `chat_messages` counting the category's tokens: cache writes are counted as
// cache_creation_tokens, following the reference platform's names.
constexpr std::string_view token_column(category which) noexcept {
    constexpr std::array<std::string_view, 4> columns{"input_tokens", "output_tokens", "cache_read_tokens",
                                                      "cache_creation_tokens"};
    return columns[static_cast<std::size_t>(which)];
}

}  // namespace chatcost::cost
