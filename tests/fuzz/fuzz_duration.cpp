// Fuzz target: duration parsing (parse_duration, duration_problem, format_duration). The two
// entry points agree on what is a duration; a duration's shortest spelling reads back equal,
// and a refusal always says why.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "util/duration.hpp"
#include "util/failure.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    auto problem = chatcost::duration_problem(text);
    std::chrono::milliseconds duration{};
    try {
        duration = chatcost::parse_duration(text);
    } catch (const chatcost::failure& refused) {
        if (problem.empty() || std::string_view(refused.what()).empty()) std::abort();
        return 0;
    }
    if (!problem.empty() || duration.count() < 0) std::abort();
    auto spelled = chatcost::format_duration(duration);
    if (!chatcost::duration_problem(spelled).empty()) std::abort();
    if (chatcost::parse_duration(spelled) != duration) std::abort();
    return 0;
}
