#include <doctest/doctest.h>

#include <csignal>
#include <stdexcept>

#include "util/interrupt.hpp"

using namespace std::chrono_literals;
using chatcost::interrupt_guard;

TEST_CASE("interrupt_guard: SIGTERM and SIGINT become a request, not an exit") {
    {
        interrupt_guard guard;
        CHECK_FALSE(guard.requested());
        CHECK(guard.sleep_for(10ms));  // slept the whole time
        std::raise(SIGTERM);
        CHECK(guard.requested());
        CHECK(guard.signal_number() == SIGTERM);
        CHECK_FALSE(guard.sleep_for(10s));  // returns at once
    }
    interrupt_guard again;  // a new guard starts clear
    CHECK_FALSE(again.requested());
    std::raise(SIGINT);
    CHECK(again.signal_number() == SIGINT);
}

TEST_CASE("interrupt_guard: one at a time") {
    interrupt_guard guard;
    CHECK_THROWS_AS(interrupt_guard(), std::logic_error);
}
