#pragma once
// chatcost backfill's engine: prices messages whose cost is NULL (or, recompute, every message
// in a range) through the cost engine, in keyset batches along the primary key.
//
// Per batch: read the next rows after the cursor (no locks, outside any write transaction),
// price them in C++, then one short transaction writes their costs (compare-and-set on the
// row version read, skipping rows someone else holds locked: never waits for a row lock,
// never overwrites a concurrent write) and records the run's new cursor and counts. A run
// killed at any moment thus resumes exactly after the last committed batch and never prices a
// row twice. The batch size adapts toward a target transaction duration.
//
// One run at a time per database: the runner holds a session advisory lock for the whole run
// and fails with exit code 8, naming the holder, when another process has it. A dry run takes
// no lock and writes nothing.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <random>
#include <set>
#include <string>

#include <pqxx/connection>

#include "backfill/backfill_lock.hpp"
#include "backfill/backfill_run_store.hpp"
#include "backfill/backfill_tally.hpp"
#include "util/batch_sizer.hpp"
#include "util/exit_code.hpp"
#include "util/interrupt.hpp"

namespace chatcost::db {

struct backfill_settings {
    backfill_scope scope;
    bool dry_run = false;
    std::optional<std::int64_t> fixed_batch_size;  // --batch-size
    std::optional<double> max_rate;                // --max-rate, rows scanned per second
    std::chrono::milliseconds target_batch{200};   // what the batch size adapts toward
    batch_sizer_limits limits{};
    // How long run_backfill (db/backfill_job.hpp) keeps reconnecting after the connection is lost.
    std::chrono::milliseconds reconnect_for{60'000};
    // How long to keep trying for the backfill lock another session holds (--wait-lock).
    std::chrono::milliseconds wait_lock = default_backfill_lock_wait;
};

// When the run has its range and cursor (a resumed run: where it stopped), before any batch.
struct run_start {
    std::optional<std::int64_t> run_id;  // none for a dry run
    bool resumed = false;
    id_range ids;
    std::int64_t cursor_id = 0;
};

// After each batch: for progress lines and JSON events.
struct batch_progress {
    std::int64_t rows = 0;  // read in this batch
    std::int64_t written = 0;
    std::int64_t skipped = 0;
    std::chrono::microseconds took{0};  // the write transaction, BEGIN to COMMIT (dry run: 0)
    std::int64_t cursor_id = 0;
    id_range ids;
    std::int64_t next_batch_size = 0;
    const backfill_tally* invocation = nullptr;  // this process's counts so far
    std::chrono::microseconds elapsed{0};        // since this process started the run
};

struct backfill_outcome {
    std::optional<std::int64_t> run_id;  // none for a dry run
    bool resumed = false;
    bool completed = false;    // the cursor reached the end of the range
    bool interrupted = false;  // stopped by SIGINT/SIGTERM; resumable
    id_range ids;
    std::int64_t start_cursor_id = 0;
    std::int64_t cursor_id = 0;
    backfill_tally run;         // the whole run's counts, earlier attempts included
    backfill_tally invocation;  // this process's
    std::chrono::microseconds elapsed{0};
    std::chrono::microseconds longest_batch{0};  // this process's longest write transaction
    // The run's problems that the last completed run reported already, unchanged
    // (known_backfill_problems): not news, so not a reason for exit code 6.
    std::set<problem_key> known_problems;

    // Problems of the run that no earlier run reported as they are now.
    bool has_new_problems() const { return run.problems.size() > known_problems.size(); }
};

// A batch that failed for a passing reason (a lock someone else holds, a timeout, a lost
// connection) and is about to be tried again.
struct backfill_retry {
    enum class cause { batch_failed, connection_lost };
    cause why = cause::batch_failed;
    std::int64_t cursor_id = 0;  // the batch after this id; everything up to it is committed
    int retry = 0;               // 1-based
    int most_retries = 0;        // a lost connection: 0, reconnects go on for a time instead
    std::string reason;          // the server's message
    std::chrono::milliseconds delay{0};
};

struct backfill_observers {
    std::function<void(const run_start&)> on_start;
    std::function<void(const batch_progress&)> on_batch;
    std::function<void(const backfill_retry&)> on_retry;
};

// 130 when interrupted; 6 when the run found a problem that no earlier run reported as it is
// now (a known one is a warning, not a failure: cron is told once); else 0.
exit_code backfill_exit_code(const backfill_outcome& outcome);

class backfill_runner {
public:
    // `connection` holds the lock and writes; it must not be in a transaction. `reader`, a second
    // connection to the same database, reads and prices the next batch while one is written;
    // without it, `connection` reads too, in turn. `interrupts` is checked between batches.
    backfill_runner(pqxx::connection& connection, backfill_settings settings,
                    const interrupt_guard& interrupts, backfill_observers observers = {},
                    pqxx::connection* reader = nullptr);

    backfill_outcome run();
    // How far this runner got, also when run() threw: what a reconnecting caller carries on from.
    const backfill_outcome& progress() const { return out_; }

private:
    bool writing() const { return !settings_.dry_run; }
    backfill_outcome open();           // the range, and the run to resume or start
    void walk(backfill_outcome& out);  // batch after batch to the end, or an interrupt
    void pause(const backfill_outcome& out, int retry, const std::string& reason, std::mt19937& jitter) const;
    void keep_to_rate(std::int64_t rows_scanned) const;  // sleeps while ahead of --max-rate
    std::int64_t longest_ms(const backfill_outcome& out) const;
    std::chrono::milliseconds budget() const;  // a batch write's statement_timeout

    pqxx::connection& connection_;
    pqxx::connection* reader_;
    backfill_settings settings_;
    const interrupt_guard& interrupts_;
    backfill_observers observers_;
    std::chrono::steady_clock::time_point started_;
    std::int64_t longest_ms_before_ = 0;  // of the run's earlier attempts
    bool plain_writes_ = true;            // see sql/queries/backfill_write_batch.sql
    backfill_outcome out_;
};

}  // namespace chatcost::db
