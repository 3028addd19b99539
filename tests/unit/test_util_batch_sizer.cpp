#include <doctest/doctest.h>

#include "util/batch_sizer.hpp"

using namespace std::chrono_literals;
using chatcost::batch_sizer;
using chatcost::batch_sizer_limits;

namespace {

const batch_sizer_limits limits{100, 100'000, 1'000};

}  // namespace

TEST_CASE("batch_sizer: starts small and at most doubles toward the target") {
    batch_sizer sizer(200ms, limits);
    CHECK(sizer.next() == 1'000);
    sizer.observe(1'000, 1'000, 20ms);  // 20 us per row: the target allows 10,000
    CHECK(sizer.next() == 2'000);
    sizer.observe(2'000, 2'000, 40ms);
    CHECK(sizer.next() == 4'000);
    sizer.observe(4'000, 4'000, 80ms);
    CHECK(sizer.next() == 8'000);
    sizer.observe(8'000, 8'000, 160ms);
    CHECK(sizer.next() == 10'000);  // 200 ms / 20 us
    sizer.observe(10'000, 10'000, 200ms);
    CHECK(sizer.next() == 10'000);
}

TEST_CASE("batch_sizer: a batch over the target shrinks the next one at once") {
    batch_sizer sizer(200ms, limits);
    for (std::int64_t size : {1'000, 2'000, 4'000, 8'000}) sizer.observe(size, size, 20us * size);
    REQUIRE(sizer.next() == 10'000);
    sizer.observe(10'000, 10'000, 500ms);  // 50 us per row, taken at once (the average would say 35)
    CHECK(sizer.next() == 4'000);          // 200 ms / 50 us
    sizer.observe(4'000, 4'000, 80ms);     // 20 us per row again: the average (27.5) says how fast
    CHECK(sizer.next() == 7'272);          // 200 ms / 27.5 us
}

TEST_CASE("batch_sizer: sizes by the costly items, so cheap batches cannot make a costly one too big") {
    batch_sizer sizer(200ms, limits);
    sizer.observe(1'000, 100, 20ms);  // 100 writes took 20 ms: 200 us per write
    CHECK(sizer.next() == 1'000);     // 200 ms / 200 us, whatever the share of writes
    // Without any costly item measured, growth stops at 16 x the initial size.
    batch_sizer unmeasured(200ms, limits);
    for (int i = 0; i < 10; ++i) unmeasured.observe(unmeasured.next(), 0, 1ms);
    CHECK(unmeasured.next() == 16'000);
}

TEST_CASE("batch_sizer: bounds, caps and a fixed size") {
    batch_sizer fast(200ms, limits);
    for (int i = 0; i < 20; ++i) fast.observe(fast.next(), fast.next(), 1ms);
    CHECK(fast.next() == 100'000);
    fast.cap(500);
    CHECK(fast.next() == 500);
    batch_sizer slow(200ms, limits);
    slow.observe(1'000, 1'000, 10s);
    CHECK(slow.next() == 100);  // the minimum

    batch_sizer fixed(200ms, limits, 250);
    fixed.observe(250, 250, 10s);
    fixed.observe(250, 250, 1ms);
    CHECK(fixed.next() == 250);
    fixed.cap(100);
    CHECK(fixed.next() == 100);
}
