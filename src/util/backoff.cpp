#include "util/backoff.hpp"

#include <algorithm>

namespace chatcost {

std::chrono::milliseconds backoff_delay(const backoff_policy& policy, int retry, std::uint32_t random) {
    std::int64_t delay = std::max<std::int64_t>(policy.first.count(), 0);
    const std::int64_t cap = std::max<std::int64_t>(policy.cap.count(), 0);
    for (int i = 1; i < retry && delay < cap; ++i) delay *= 2;
    delay = std::min(delay, cap);
    std::int64_t half = delay / 2;
    // The random half: span * random / 2^32, split at 32 bits so that no product overflows.
    auto span = static_cast<std::uint64_t>(delay - half);
    std::uint64_t spread = (span >> 32) * random + (((span & 0xffffffffu) * random) >> 32);
    return std::chrono::milliseconds(half + static_cast<std::int64_t>(spread));
}

}  // namespace chatcost
