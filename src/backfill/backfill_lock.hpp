#pragma once
// One backfill at a time per database: a session-level advisory lock, held by the running
// backfill's connection for the whole run and released when it ends (or its connection dies:
// a killed run leaves no lock behind, once the server has noticed, which takes it a moment).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "util/interrupt.hpp"

namespace chatcost::db {

// The lock's key, "ccbfill" in ASCII; migrate uses another.
inline constexpr std::int64_t backfill_lock_key = 0x63'63'62'66'69'6c'6c;

// --wait-lock's default: the session of a run killed a moment ago holds the lock until the
// server notices (40 to 175 ms measured, mid-batch); a rerun at once waits for that.
inline constexpr std::chrono::milliseconds default_backfill_lock_wait{2'000};

class backfill_lock {
public:
    // Takes the lock, trying again for up to `wait` (db/advisory_lock.hpp polls; 0: one try).
    // Throws failure(exit_code::locked) naming the holder and how to end a session whose process
    // is gone, or failure(exit_code::interrupted) when `interrupts` stop the wait.
    backfill_lock(pqxx::connection& connection, std::chrono::milliseconds wait,
                  const interrupt_guard* interrupts = nullptr);
    ~backfill_lock();
    backfill_lock(const backfill_lock&) = delete;
    backfill_lock& operator=(const backfill_lock&) = delete;

private:
    pqxx::connection& connection_;
};

// Who holds the lock, for people: "PostgreSQL backend pid 4242 (application 'chatcost',
// connected since 2026-11-22T08:40:00Z)"; nullopt when no one does.
std::optional<std::string> backfill_lock_holder(pqxx::transaction_base& tx);

}  // namespace chatcost::db
