#include "util/interrupt.hpp"

#include <algorithm>
#include <atomic>
#include <csignal>
#include <stdexcept>
#include <thread>

namespace chatcost {

namespace {

// Lock-free atomics are async-signal-safe; nothing else is touched in the handler.
std::atomic<int> first_signal{0};
std::atomic<bool> installed{false};
struct sigaction previous_int {};
struct sigaction previous_term {};

extern "C" void on_stop_signal(int number) {
    int expected = 0;
    if (first_signal.compare_exchange_strong(expected, number)) return;
    // Asked twice: the user does not want to wait for the batch. The server rolls it back.
    std::signal(number, SIG_DFL);
    std::raise(number);
}

}  // namespace

interrupt_guard::interrupt_guard() {
    if (installed.exchange(true)) throw std::logic_error("interrupt_guard: one at a time");
    first_signal = 0;
    struct sigaction action {};
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    // SA_RESTART: a signal must not fail the libpq call in flight; the batch finishes first.
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
}

interrupt_guard::~interrupt_guard() {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
    installed = false;
}

bool interrupt_guard::requested() const noexcept {
    return first_signal.load() != 0;
}

int interrupt_guard::signal_number() const noexcept {
    return first_signal.load();
}

bool interrupt_guard::sleep_for(std::chrono::milliseconds duration) const {
    constexpr std::chrono::milliseconds step{50};
    auto deadline = std::chrono::steady_clock::now() + duration;
    while (!requested()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (left.count() <= 0) return true;
        std::this_thread::sleep_for(std::min(left, step));
    }
    return false;
}

}  // namespace chatcost
