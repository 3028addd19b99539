#include <doctest/doctest.h>

#include "util/backoff.hpp"

using namespace std::chrono_literals;
using chatcost::backoff_delay;
using chatcost::backoff_policy;

TEST_CASE("backoff: doubles per retry, from half to all of the delay") {
    backoff_policy policy{200ms, 5000ms};
    CHECK(backoff_delay(policy, 1, 0) == 100ms);
    CHECK(backoff_delay(policy, 1, 0xffffffff) == 199ms);  // just under the full delay
    CHECK(backoff_delay(policy, 1, 0x80000000) == 150ms);
    CHECK(backoff_delay(policy, 2, 0) == 200ms);
    CHECK(backoff_delay(policy, 3, 0) == 400ms);
    CHECK(backoff_delay(policy, 4, 0x80000000) == 1200ms);  // 1600 / 2 + 800 / 2
}

TEST_CASE("backoff: the cap holds for any retry count") {
    backoff_policy policy{200ms, 5000ms};
    CHECK(backoff_delay(policy, 6, 0) == 2500ms);  // 6400 capped to 5000
    CHECK(backoff_delay(policy, 1000, 0xffffffff) == 4999ms);
    CHECK(backoff_delay(backoff_policy{0ms, 0ms}, 3, 12345) == 0ms);
}
