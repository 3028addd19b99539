#pragma once
// One run at a time: a session-level PostgreSQL advisory lock, held on a connection of its own
// for as long as the object lives.
//
// It is taken by polling pg_try_advisory_lock, never by a blocking pg_advisory_lock: a session
// waiting in pg_advisory_lock is a transaction that CREATE INDEX CONCURRENTLY, run by the
// holder, must wait for, and the two would wait for each other for ever. The lock's connection
// runs nothing else, so it never sits in a transaction that such a build waits for.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <pqxx/connection>

namespace chatcost::db {

// The key of `chatcost migrate`: the ASCII bytes of "ccmigrat" as a bigint. Other commands
// that need one run at a time (backfill) use keys of their own.
inline constexpr std::int64_t migrate_lock_key = 0x63636d6967726174;  // 7161688131923763572

class advisory_lock {
public:
    // Takes lock `key` on `connection`, polling until `wait` has passed (0: one try). Throws
    // failure(exit_code::locked) naming `what` and who holds the lock when it stays taken.
    advisory_lock(std::unique_ptr<pqxx::connection> connection, std::int64_t key,
                  std::chrono::milliseconds wait, const std::string& what);
    // Releases the lock (closing the connection would too).
    ~advisory_lock();
    advisory_lock(const advisory_lock&) = delete;
    advisory_lock& operator=(const advisory_lock&) = delete;

private:
    bool try_once();
    std::string holders();

    std::unique_ptr<pqxx::connection> connection_;
    std::int64_t key_;
};

}  // namespace chatcost::db
