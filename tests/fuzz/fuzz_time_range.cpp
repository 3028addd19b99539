// Fuzz target: --since/--until parsing (parse_time_bound). Any text is a bound or an error
// that quotes nothing empty; a bound's canonical text parses back to the same bound, and an
// instant formats (format_rfc3339) to text that parses back to the same microsecond.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "util/time_range.hpp"

using chatcost::parse_time_bound;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto parsed = parse_time_bound(text);
    if (!parsed) {
        if (parsed.error().empty()) std::abort();
        return 0;
    }
    const auto& bound = parsed.value();
    auto again = parse_time_bound(bound.text);
    if (!again || again.value().which != bound.which || again.value().text != bound.text ||
        again.value().unix_micros != bound.unix_micros) {
        std::abort();
    }
    if (bound.is_date()) return 0;
    // The canonical text is UTC and in range, so it formats back exactly.
    if (chatcost::format_rfc3339(bound.unix_micros, 0) != bound.text) std::abort();
    return 0;
}
