// Fuzz target: the models.dev reader (pricebook::read_models_dev). Any text gives a
// generation; without errors, its entries are sorted, unique, storable, within the price
// limits, and form a valid price book that the writer and the book reader agree on.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pricebook/models_dev_reader.hpp"
#include "pricebook/price_book_reader.hpp"
#include "pricebook/price_book_writer.hpp"

using namespace chatcost::pricebook;

namespace {

void check_entries(const generation& result) {
    for (std::size_t i = 0; i < result.entries.size(); ++i) {
        const auto& entry = result.entries[i];
        if (check_name(entry.provider) || check_name(entry.model)) std::abort();
        if (i > 0 && !key_less(result.entries[i - 1], entry)) std::abort();  // sorted, no duplicate
        for (auto which : chatcost::cost::all_categories) {
            const auto& micros = entry.prices[which];
            if (micros && (*micros < 0 || *micros > max_micros_per_million)) std::abort();
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    provider_selection all;
    all.all = true;
    for (const auto& selection : {all, provider_selection{}}) {
        auto result = read_models_dev(text, selection);
        for (const auto& error : result.errors) {
            if (error.empty()) std::abort();
        }
        if (!result.errors.empty()) continue;
        check_entries(result);
        if (result.entries.empty()) continue;
        auto book = read_price_book(write_price_book(result.entries));
        if (!book.ok() || book.entries != result.entries) std::abort();
    }
    return 0;
}
