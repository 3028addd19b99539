#pragma once
// Backfill bookkeeping (sql/migrations/0007_backfill_runs.up.sql): one row per run with its
// cursor and counts, per-model sums and the messages it could not price. A run is resumed,
// not restarted, when the previous one with the same options stopped part-way: every batch
// records its cursor and counts in the transaction that writes its messages, so after a kill
// the row says exactly what was done.

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "backfill/backfill_tally.hpp"

namespace chatcost::db {

enum class backfill_mode { backfill, recompute };

std::string_view name(backfill_mode mode) noexcept;  // "backfill", "recompute"

// What a run covers: its mode and created_at range, bounds as timestamptz text (nullopt: open).
struct backfill_scope {
    backfill_mode mode = backfill_mode::backfill;
    std::optional<std::string> since;
    std::optional<std::string> until;
};

// The ids a run walks: first_id <= id <= last_id.
struct id_range {
    std::int64_t first_id = 1;
    std::int64_t last_id = 0;
};

// The ids of the messages created in the scope's range, now.
id_range read_id_range(pqxx::transaction_base& tx, const backfill_scope& scope);

struct backfill_run {
    std::int64_t id = 0;
    bool resumed = false;
    id_range ids;
    std::int64_t cursor_id = 0;  // every message with first_id <= id <= cursor_id is done
    backfill_tally tally;        // the run's counts so far (a resumed run's earlier work included)
    std::int64_t longest_batch_ms = 0;
};

// Resumes the newest unfinished run with the same scope (extended to `ids.last_id`), else
// starts a new one; other unfinished runs are superseded. Call while holding the backfill lock.
backfill_run open_backfill_run(pqxx::connection& connection, const backfill_scope& scope,
                               const id_range& ids);

// In the batch's transaction: the new cursor and the batch's counts.
void record_backfill_batch(pqxx::transaction_base& tx, std::int64_t run_id, std::int64_t cursor_id,
                           const backfill_tally& batch, std::int64_t longest_batch_ms);

// completed, or interrupted (resumable).
void finish_backfill_run(pqxx::connection& connection, std::int64_t run_id, bool completed,
                         std::int64_t longest_batch_ms);

// A run as `backfill status` shows it.
struct backfill_run_row {
    std::int64_t id = 0;
    std::string mode;
    std::string state;
    std::optional<std::string> since;
    std::optional<std::string> until;
    id_range ids;
    std::int64_t cursor_id = 0;
    backfill_tally tally;  // counts only: no per-model sums or problems
    std::int64_t longest_batch_ms = 0;
    std::string started_at;
    std::string updated_at;
    std::optional<std::string> finished_at;
    std::optional<std::int64_t> pid;
    std::string application_name;
};

std::vector<backfill_run_row> recent_backfill_runs(pqxx::transaction_base& tx, std::int64_t limit);

// Which of a run's `problems` the newest completed run of `mode` other than `run_id` (nullopt:
// a dry run) recorded already, unchanged since: a config's price with the same reason and the
// config not updated since that run started; messages' own data with the same reason, first
// message and count. Cron is told about them once, not at every run (sql/queries/
// backfill_known_problems.sql).
std::set<problem_key> known_backfill_problems(pqxx::transaction_base& tx, backfill_mode mode,
                                              std::optional<std::int64_t> run_id,
                                              const std::map<problem_key, problem_tally>& problems);

}  // namespace chatcost::db
