#pragma once
// How long to wait before retrying something that failed for a passing reason (a lock held
// by someone else): exponential, capped, with jitter so that competing retries spread out.

#include <chrono>
#include <cstdint>

namespace chatcost {

struct backoff_policy {
    std::chrono::milliseconds first{200};  // the wait before the first retry, before jitter
    std::chrono::milliseconds cap{5'000};  // no wait grows past this, before jitter
};

// The wait before retry number `retry` (1-based): first * 2^(retry-1), capped, then "equal
// jitter": half of it fixed, the other half scaled by `random` (any 32-bit value, e.g. from
// std::random_device). Always within [delay/2, delay].
std::chrono::milliseconds backoff_delay(const backoff_policy& policy, int retry, std::uint32_t random);

}  // namespace chatcost
