#include "ledger/price_book_tiers.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>
#include <string>
#include <tuple>

#include <pqxx/array>

namespace chatcost::db {

namespace {

// The values of one tier row, in query order: size, the four categories, reasoning.
constexpr std::size_t tier_row_width = 6;

std::int64_t parse_int64(const std::string& text, const char* array_text) {
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw std::invalid_argument(std::string("price book tiers: not a bigint in ") + array_text);
    }
    return number;
}

cost::price_book_tier make_tier(const std::array<std::optional<std::int64_t>, tier_row_width>& row,
                                const char* array_text) {
    if (!row[0])
        throw std::invalid_argument(std::string("price book tiers: a tier without a size in ") + array_text);
    cost::price_book_tier tier;
    tier.size = *row[0];
    std::size_t slot = 1;
    for (auto which : cost::all_categories) tier.micros_per_million[which] = row[slot++];
    tier.reasoning_micros_per_million = row[slot];
    return tier;
}

}  // namespace

book_tiers parse_book_tiers(const char* array_text) {
    const auto malformed = [&] {
        return std::invalid_argument(std::string("price book tiers: expected rows of ") +
                                     std::to_string(tier_row_width) + " bigints, not " + array_text);
    };
    book_tiers tiers;
    pqxx::array_parser parser(array_text);
    int depth = 0;
    std::array<std::optional<std::int64_t>, tier_row_width> row{};
    std::size_t filled = 0;
    for (auto [juncture, text] = parser.get_next(); juncture != pqxx::array_parser::done;
         std::tie(juncture, text) = parser.get_next()) {
        switch (juncture) {
            case pqxx::array_parser::row_start:
                if (++depth > 2) throw malformed();
                filled = 0;
                break;
            case pqxx::array_parser::row_end:
                if (depth == 2) {
                    if (filled != tier_row_width) throw malformed();
                    tiers.push_back(make_tier(row, array_text));
                }
                --depth;
                break;
            case pqxx::array_parser::null_value:
            case pqxx::array_parser::string_value:
                if (depth != 2 || filled == tier_row_width) throw malformed();
                row[filled++] = juncture == pqxx::array_parser::null_value
                                    ? std::nullopt
                                    : std::optional(parse_int64(text, array_text));
                break;
            case pqxx::array_parser::done:
                break;
        }
    }
    if (depth != 0) throw malformed();
    return tiers;
}

book_tiers read_book_tiers(const pqxx::field& field) {
    return field.is_null() ? book_tiers{} : parse_book_tiers(field.c_str());
}

}  // namespace chatcost::db
