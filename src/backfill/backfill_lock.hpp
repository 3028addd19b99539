#pragma once
// One backfill at a time per database: a session-level advisory lock, held by the running
// backfill's connection for the whole run and released when it ends (or its connection dies:
// a killed run leaves no lock behind).

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/connection>
#include <pqxx/transaction_base>

namespace chatcost::db {

// The lock's key, "ccbfill" in ASCII; migrate uses another.
inline constexpr std::int64_t backfill_lock_key = 0x63'63'62'66'69'6c'6c;

class backfill_lock {
public:
    // Takes the lock without waiting; throws failure(exit_code::locked) naming the holder.
    explicit backfill_lock(pqxx::connection& connection);
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
