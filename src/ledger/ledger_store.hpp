#pragma once
// The ledger of migration 0013 (sums per UTC hour, chat and model config, so that a report reads
// groups, not messages) as `chatcost ledger refresh` and `ledger status` see it: its state, one
// refresh step, where the next step builds to, the empty rows pruned, and the refresh loop over
// them. Each step is one statement in its own transaction (ledger_refresh_step.sql): a refresh
// killed at any moment leaves the ledger exact and resumes where it stopped.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <pqxx/connection>

#include "util/interrupt.hpp"

namespace chatcost::db {

// The lock of `ledger refresh`, "ccledger" in ASCII; migrate and backfill use others.
inline constexpr std::int64_t ledger_refresh_lock_key = 0x63'63'6c'65'64'67'65'72;

// chatcost_ledger_state.built_before as the database prints it in UTC: the hours before it are
// in the ledger; "-infinity": nothing built yet. A refresh builds up to its horizon (less the
// margin of migration 0013), never "infinity"; that value means everything only in a database
// whose state was set by hand.
inline constexpr std::string_view nothing_built = "-infinity";
inline constexpr std::string_view everything_built = "infinity";

struct ledger_state {
    std::string built_before;
    std::optional<std::string> refreshed_at;           // RFC 3339 UTC; nullopt: no refresh ever ran
    std::int64_t pending_changes = 0;                  // rows of chatcost_ledger_changes, counted
    std::optional<std::int64_t> ledger_rows_estimate;  // pg_class.reltuples; nullopt: not analyzed yet
};

// One read-only transaction: works on a hot standby.
ledger_state read_ledger_state(pqxx::connection& connection);

// The refresh connection's session settings: the steps' statement_timeout and lock_timeout,
// and TimeZone UTC, so that "N days" of a chunk are N x 24 hours whatever the server's zone.
void apply_ledger_refresh_settings(pqxx::connection& connection, std::chrono::milliseconds statement_timeout,
                                   std::chrono::milliseconds lock_timeout);

// How far a refresh may build: the moment it started, and the transactions open then (their
// virtual ids, as a PostgreSQL array literal). A message inserted later and not logged by the
// insert trigger is dated after the horizon less the margin, once those transactions have ended.
struct ledger_horizon {
    std::string at;                 // now() of the refresh's first transaction
    std::string open_transactions;  // '{...}'
};
ledger_horizon take_ledger_horizon(pqxx::connection& connection);

// The transactions of the horizon still open: how many, the oldest one's backend and start
// (nullopt when pg_stat_activity does not show them to this role).
struct open_transactions {
    std::int64_t count = 0;
    std::optional<std::int64_t> oldest_pid;
    std::optional<std::string> oldest_start;
};
open_transactions read_open_transactions(pqxx::connection& connection, const ledger_horizon& horizon);

// Where the next step builds to: the hour of the first message not built yet plus `chunk_hours`,
// at most the horizon's hour less the margin; built_before when it is there already.
std::string next_ledger_chunk(pqxx::connection& connection, std::int64_t chunk_hours,
                              const ledger_horizon& horizon);

struct ledger_step {
    std::string built_before;             // after the step
    std::int64_t folded_changes = 0;      // pending changes of built hours added to the ledger
    std::int64_t superseded_changes = 0;  // pending changes of the hours built, read from the messages
    std::int64_t written_rows = 0;        // ledger rows inserted or updated
    std::int64_t built_hours = 0;         // UTC hours with messages that the step built
};

// One step in its own transaction: folds up to `fold_limit` pending changes and builds the hours
// from built_before up to `build_until` (none when it is built_before already).
ledger_step run_ledger_step(pqxx::connection& connection, const std::string& build_until,
                            std::int64_t fold_limit);

// VACUUM chatcost_ledger_changes: the rows a refresh folded are dead, and readers scan the table.
void vacuum_ledger_changes(pqxx::connection& connection);

// Drops the ledger rows whose messages are all gone (deleted chats); returns how many.
std::int64_t prune_ledger(pqxx::connection& connection);

struct ledger_refresh_settings {
    std::int64_t chunk_days = 7;       // each building step covers this many days of history
    std::int64_t fold_limit = 50'000;  // pending changes folded per step at most
    // How long to wait for the transactions open at the start to end (as CREATE INDEX
    // CONCURRENTLY does); past it the run only folds and says which transaction held it back.
    std::chrono::milliseconds transaction_wait{30'000};
};

struct ledger_refresh_outcome {
    std::string built_before_at_start;
    std::string built_before;  // at the end
    std::int64_t steps = 0;
    std::int64_t folded_changes = 0;
    std::int64_t superseded_changes = 0;
    std::int64_t written_rows = 0;
    std::int64_t built_hours = 0;
    std::int64_t pruned_rows = 0;
    bool interrupted = false;  // stopped between two steps; the ledger is exact and resumes
    // Set when a transaction open at the start outlived transaction_wait: nothing was built.
    std::optional<open_transactions> held_back;
    std::chrono::milliseconds elapsed{0};
};

using ledger_step_observer = std::function<void(const ledger_step&)>;

// The whole refresh on `connection` (its settings applied by the caller): steps until everything
// is built and a step folded fewer than `fold_limit` changes, or folded as many as were pending
// once everything was built (changes written meanwhile are left to the next run), then the prune.
// An interrupt stops it between two steps (the prune is left for the next run).
ledger_refresh_outcome refresh_ledger(pqxx::connection& connection, const ledger_refresh_settings& settings,
                                      const interrupt_guard& interrupts, const ledger_step_observer& on_step);

}  // namespace chatcost::db
