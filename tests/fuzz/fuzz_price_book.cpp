// Fuzz target: the price book reader (pricebook::read_price_book). Any text either reads as a
// valid book, which the writer re-serialises (both layouts) into text that reads back to the
// same entries, or yields problems that each say something and render with a position.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "pricebook/price_book_reader.hpp"
#include "pricebook/price_book_writer.hpp"

using namespace chatcost::pricebook;

namespace {

void check_round_trip(const price_book& entries, book_layout layout) {
    auto again = read_price_book(write_price_book(entries, layout));
    if (!again.ok()) std::abort();
    auto sorted = entries;
    std::sort(sorted.begin(), sorted.end(), key_less);
    if (again.entries != sorted) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto reading = read_price_book(text);
    if (!reading.ok()) {
        for (const auto& line : reading.problem_lines("book.json")) {
            if (line.empty()) std::abort();
        }
        for (const auto& problem : reading.problems) {
            if (problem.message.empty()) std::abort();
        }
        return 0;
    }
    if (reading.entries.empty()) std::abort();  // an empty book is a problem, not a book
    for (const auto& entry : reading.entries) {
        if (check_name(entry.provider) || check_name(entry.model)) std::abort();
    }
    check_round_trip(reading.entries, book_layout::file);
    check_round_trip(reading.entries, book_layout::compact);
    return 0;
}
