// Fuzz target: the exact price parser (cost::parse_price). Any text either parses to a
// price whose canonical text parses back to the same price, or fails with a message.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "cost/price.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = chatcost::cost::parse_price(text);
    if (!parsed) {
        if (parsed.error().empty()) std::abort();
        return 0;
    }
    auto again = chatcost::cost::parse_price(parsed.value().to_string());
    if (!again || again.value() != parsed.value()) std::abort();
    return 0;
}
