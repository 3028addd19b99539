// Fuzz target: a model config's prices (cost::resolve_prices) fed arbitrary text for each key.
// The input is split at NUL bytes into up to eight texts, nested then legacy for each of the
// four keys (an empty text means the key is absent). A resolution is either invalid with a
// message, or resolved with, per category, the price parse_price gives the text that rule 6
// picks (nested, else legacy), and the book never consulted when the config sets a key.

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>

#include "cost/price.hpp"
#include "cost/price_resolution.hpp"

using namespace chatcost::cost;

namespace {

std::array<std::optional<std::string_view>, 8> split(std::string_view input) {
    std::array<std::optional<std::string_view>, 8> texts{};
    for (auto& text : texts) {
        if (input.empty()) break;
        auto end = input.find('\0');
        auto piece = input.substr(0, end);
        if (!piece.empty()) text = piece;
        input = end == std::string_view::npos ? std::string_view{} : input.substr(end + 1);
    }
    return texts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto texts = split(std::string_view(reinterpret_cast<const char*>(data), size));
    model_config_view config{"cfg", "acme", "m", {}};
    std::size_t slot = 0;
    for (auto which : all_categories) {
        config.prices[which] = config_price_text{texts[slot], texts[slot + 1]};
        slot += 2;
    }
    price_book_row book{"acme", "m", {1, 2, 3, 4}};
    auto resolution = resolve_prices(config, book);
    bool any_key = false;
    bool any_bad = false;
    for (auto which : all_categories) {
        const auto& key = config.prices[which];
        auto chosen = key.nested ? key.nested : key.legacy;
        if (!chosen) continue;
        any_key = true;
        auto parsed = parse_price(*chosen);
        if (!parsed) {
            any_bad = true;
        } else if (resolution.status == resolution_status::resolved &&
                   resolution.prices[which] != std::optional<price>(parsed.value())) {
            std::abort();
        }
    }
    if (any_bad != (resolution.status == resolution_status::invalid)) std::abort();
    if (any_bad && resolution.error.empty()) std::abort();
    if (!any_bad && any_key && resolution.source == price_source::price_book) std::abort();
    if (!any_key && resolution.source != price_source::price_book) std::abort();
    return 0;
}
