#include "backfill/backfill_job.hpp"

#include <algorithm>
#include <random>
#include <string>

#include <fmt/format.h>

#include "db/connection_loss.hpp"
#include "db/server_message.hpp"
#include "util/backoff.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::microseconds;

// The wait before each reconnect, growing to 8 s: a restart is back within the first few, a
// failover within the default --reconnect-for of a minute.
constexpr backoff_policy reconnect_backoff{std::chrono::milliseconds(500), std::chrono::milliseconds(8'000)};

// What the attempts that lost their connection did, carried into the next attempt's reports.
struct carried_progress {
    bool started = false;  // an attempt got as far as opening the run
    bool resumed = false;  // the first attempt resumed an earlier process's run
    std::int64_t start_cursor_id = 0;
    std::int64_t cursor_id = 0;
    backfill_tally invocation;
    microseconds longest_batch{0};

    void add(const backfill_outcome& attempt) {
        if (attempt.ids.last_id == 0) return;  // lost before the run was opened
        if (!started) {
            started = true;
            resumed = attempt.resumed;
            start_cursor_id = attempt.start_cursor_id;
        }
        cursor_id = attempt.cursor_id;
        invocation.add(attempt.invocation);
        longest_batch = std::max(longest_batch, attempt.longest_batch);
    }
};

// The observers of one attempt: its batch counts and elapsed time continue the earlier ones'.
backfill_observers continuing(const backfill_observers& observers, const carried_progress& before,
                              microseconds earlier_time, backfill_tally& scratch) {
    backfill_observers attempt = observers;
    if (!observers.on_batch) return attempt;
    attempt.on_batch = [&observers, &before, earlier_time, &scratch](const batch_progress& progress) {
        scratch = before.invocation;
        scratch.add(*progress.invocation);
        auto continued = progress;
        continued.invocation = &scratch;
        continued.elapsed += earlier_time;
        observers.on_batch(continued);
    };
    return attempt;
}

// One connection's worth of the run; `connected` says whether it got its connections.
backfill_outcome one_attempt(session& session, const backfill_settings& settings,
                             const interrupt_guard& interrupts, const backfill_observers& observers,
                             carried_progress& carried, microseconds earlier_time, bool& connected) {
    auto writer = session.open_connection();
    auto reader = session.open_connection();  // reads the next batch while one is written
    connected = true;
    backfill_tally scratch;
    backfill_runner runner(*writer, settings, interrupts,
                           continuing(observers, carried, earlier_time, scratch), reader.get());
    try {
        return runner.run();
    } catch (const std::exception& error) {
        if (is_connection_loss(error)) carried.add(runner.progress());
        throw;
    }
}

std::string after_cursor(const carried_progress& carried) {
    return carried.started ? fmt::format(" after id {}", carried.cursor_id) : "";
}

[[noreturn]] void give_up(const carried_progress& carried, const backfill_settings& settings,
                          const std::string& reason) {
    throw failure(
        exit_code::unreachable,
        settings.reconnect_for.count() == 0
            ? fmt::format("backfill: lost the database connection{}: {}", after_cursor(carried), reason)
            : fmt::format("backfill: lost the database connection{} and could not reconnect within {}: {}",
                          after_cursor(carried), format_duration(settings.reconnect_for), reason),
        "every batch before is committed with its cursor; run 'chatcost backfill' again to resume "
        "once the server is back");
}

}  // namespace

backfill_outcome run_backfill(session& session, const backfill_settings& settings,
                              const interrupt_guard& interrupts, const backfill_observers& observers) {
    const auto started = clock::now();
    carried_progress carried;
    std::mt19937 jitter(std::random_device{}());
    auto outage_started = started;
    for (int reconnect = 1;; ++reconnect) {
        std::string reason;
        bool connected = false;
        try {
            auto earlier = duration_cast<microseconds>(clock::now() - started);
            auto out = one_attempt(session, settings, interrupts, observers, carried, earlier, connected);
            if (carried.started) {
                out.resumed = carried.resumed;
                out.start_cursor_id = carried.start_cursor_id;
                out.invocation.add(carried.invocation);
                out.longest_batch = std::max(out.longest_batch, carried.longest_batch);
            }
            out.elapsed = duration_cast<microseconds>(clock::now() - started);
            return out;
        } catch (const failure& error) {
            if (error.code() != exit_code::unreachable) throw;  // not "connecting again failed"
            reason = error.what();
        } catch (const std::exception& error) {
            if (!is_connection_loss(error)) throw;
            reason = server_message_with_state(error);
        }
        if (connected) {  // a new outage: its own time and backoff
            outage_started = clock::now();
            reconnect = 1;
        }
        if (clock::now() - outage_started >= settings.reconnect_for) give_up(carried, settings, reason);
        auto delay = backoff_delay(reconnect_backoff, reconnect, static_cast<std::uint32_t>(jitter()));
        if (observers.on_retry) {
            observers.on_retry(
                {backfill_retry::cause::connection_lost, carried.cursor_id, reconnect, 0, reason, delay});
        }
        if (interrupts.requested() || !interrupts.sleep_for(delay)) {
            throw failure(exit_code::interrupted,
                          fmt::format("backfill: interrupted while reconnecting{}", after_cursor(carried)),
                          "every batch before is committed; run 'chatcost backfill' again to resume");
        }
    }
}

}  // namespace chatcost::db
