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
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

namespace chatcost::db {

// The key of `chatcost migrate`: the ASCII bytes of "ccmigrat" as a bigint. Other commands
// that need one run at a time (backfill) use keys of their own.
inline constexpr std::int64_t migrate_lock_key = 0x63636d6967726174;  // 7161688131923763572

// A session that holds an advisory lock, as pg_stat_activity shows it.
struct advisory_lock_holder {
    std::int64_t pid = 0;          // its server backend
    std::string application_name;  // "" when unknown
    std::string since;             // when it connected, RFC 3339 UTC; "" when unknown
};

std::vector<advisory_lock_holder> advisory_lock_holders(pqxx::transaction_base& tx, std::int64_t key);

// Sleeps between two tries; returns false to stop waiting (an interrupt).
using lock_pause = std::function<bool(std::chrono::milliseconds)>;

// Tries pg_try_advisory_lock(key) on `connection` (outside any transaction) until it is taken
// (true), `wait` has passed, or `pause` says stop (false). `wait` 0: one try.
bool poll_advisory_lock(pqxx::connection& connection, std::int64_t key, std::chrono::milliseconds wait,
                        const lock_pause& pause = {});

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
    std::string holders();

    std::unique_ptr<pqxx::connection> connection_;
    std::int64_t key_;
};

}  // namespace chatcost::db
