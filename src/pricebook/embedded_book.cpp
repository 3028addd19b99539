#include "pricebook/embedded_book.hpp"

#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "pricebook/price_book_reader.hpp"
#include "util/failure.hpp"

namespace chatcost::pricebook {

namespace {

constexpr std::string_view book_path = "ai_model_prices.json";

price_book parse_embedded_book() {
    auto reading = read_price_book(embedded_price_book_text());
    if (!reading.ok()) {
        throw failure(exit_code::internal,
                      fmt::format("the embedded price book is invalid: {}",
                                  reading.problems.front().to_string("seed/ai_model_prices.json")),
                      "this is a bug in chatcost's build; please report it");
    }
    std::sort(reading.entries.begin(), reading.entries.end(), key_less);
    return std::move(reading.entries);
}

}  // namespace

std::string_view embedded_price_book_text() {
    for (const auto& file : embedded_price_book()) {
        if (file.path == book_path) return file.text;
    }
    throw failure(exit_code::internal, "no embedded price book",
                  "this is a bug in chatcost's build; please report it");
}

std::span<const price_book_entry> embedded_book_entries() {
    // Immutable once made; a function-local static is initialised once, thread-safely.
    static const price_book entries = parse_embedded_book();
    return entries;
}

std::optional<price_book_entry> find_in_embedded_book(std::string_view provider, std::string_view model) {
    const auto& entries = embedded_book_entries();
    // Compared as views on both sides: libstdc++ has no < between tuples of string and of
    // string_view, which clang (the fuzz build) rejects.
    using key_view = std::tuple<std::string_view, std::string_view>;
    auto it = std::lower_bound(entries.begin(), entries.end(), key_view(provider, model),
                               [](const price_book_entry& entry, const key_view& key) {
                                   return key_view(entry.provider, entry.model) < key;
                               });
    if (it == entries.end() || it->provider != provider || it->model != model) return std::nullopt;
    return *it;
}

}  // namespace chatcost::pricebook
