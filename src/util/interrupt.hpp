#pragma once
// SIGINT and SIGTERM as a request to stop at the next safe point, for long runs that work in
// committed steps (backfill): the handler only sets a flag, which the run checks between
// batches, so the batch in flight is finished (or rolled back by the server) and the work
// done so far is kept. A second signal of either kind, while the first is still pending,
// ends the process at once the default way.
//
// The flag is process-wide: a signal handler can reach nothing else.

#include <chrono>

namespace chatcost {

// Installs the handlers for its lifetime and restores the previous ones afterwards. One at a
// time; the flag is cleared when a guard is made.
class interrupt_guard {
public:
    interrupt_guard();
    ~interrupt_guard();
    interrupt_guard(const interrupt_guard&) = delete;
    interrupt_guard& operator=(const interrupt_guard&) = delete;

    // Whether SIGINT or SIGTERM arrived since the guard was made.
    bool requested() const noexcept;
    // The signal that arrived first (SIGINT, SIGTERM), or 0.
    int signal_number() const noexcept;
    // Sleeps up to `duration`, in short steps, returning early (false) when a stop was requested.
    bool sleep_for(std::chrono::milliseconds duration) const;
};

}  // namespace chatcost
