#include "backfill/backfill_runner.hpp"

#include <algorithm>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "backfill/backfill_batch_source.hpp"
#include "backfill/backfill_lock.hpp"
#include "db/connection_loss.hpp"
#include "db/embedded_sql.hpp"
#include "db/server_message.hpp"
#include "db/sql_array.hpp"
#include "util/backoff.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// A statement that runs this long, or waits this long for a lock (a DDL statement holding the
// table), is cancelled by the server. Batch writes have tighter limits (write_limits).
constexpr milliseconds statement_timeout{5'000};
constexpr milliseconds lock_timeout{1'000};
// How long a batch write may wait for a row the application holds before it is rolled back
// and written again skipping such rows.
constexpr milliseconds row_lock_wait{50};
constexpr int most_retries = 5;

std::string timeout_text(milliseconds value) {
    return fmt::format("{}ms", value.count());
}

// Sets the connection's timeouts; returns the server's deadlock_timeout.
milliseconds apply_session_settings(pqxx::connection& connection) {
    pqxx::nontransaction tx(connection);
    auto row = tx.exec_params1(std::string(query("backfill_session_settings")),
                               timeout_text(statement_timeout), timeout_text(lock_timeout));
    return milliseconds(row["deadlock_timeout_ms"].as<std::int64_t>());
}

struct write_limits {
    milliseconds statement;  // the write statement's statement_timeout: the batch's time budget
    milliseconds row_lock;   // its lock_timeout
};

// How a batch that failed is tried again, after a pause either way: rolled back, it is read
// again (its rows may have changed meanwhile), smaller when it ran out of time.
enum class retry { smaller, same_size };

// Failures that pass: a lock someone else holds, a timeout, a deadlock or serialization failure.
// A lost connection is not one of them: this runner cannot carry on without its connections.
std::optional<retry> passing_failure(const std::exception& error) {
    if (is_connection_loss(error)) return std::nullopt;
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
        if (sql->sqlstate() == "57014") return retry::smaller;    // query_canceled: over its time limit
        if (sql->sqlstate() == "55P03") return retry::same_size;  // lock_not_available
        return std::nullopt;
    }
    if (dynamic_cast<const pqxx::transaction_rollback*>(&error)) return retry::same_size;
    return std::nullopt;
}

// The clean stop after the last retry: the run stays resumable, and the message says why it
// stopped and what to look at.
[[noreturn]] void stop_after_retries(const std::exception& error, std::int64_t cursor_id, int attempts) {
    const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
    const std::string sqlstate = sql ? sql->sqlstate() : "";
    std::string why =
        "the server kept rolling it back (deadlocks or serialization failures with other sessions)";
    if (sqlstate == "55P03") {
        why =
            "another session holds a lock on chat_messages, or on rows of it, for longer than the backfill "
            "waits (find it in pg_locks and pg_stat_activity)";
    } else if (sqlstate == "57014") {
        why =
            "even the smallest batch ran past its time limit (a slow trigger on chat_messages, or an "
            "overloaded server?); a longer --target-batch gives each batch more time";
    }
    throw failure(
        exit_code::database,
        fmt::format("backfill: stopped after id {}: the next batch failed {} times in a row: {}", cursor_id,
                    attempts, server_message_with_state(error)),
        fmt::format("{}. Every batch up to id {} is committed; run 'chatcost backfill' again to resume", why,
                    cursor_id));
}

// The batch's writes and its cursor and counts, in one transaction; returns the counts as
// committed. The write statement runs for `limits.statement` at most (the server cancels it
// after that), so that no batch holds row locks much longer, whatever the load.
backfill_tally write_batch(pqxx::connection& connection, const std::string& write_sql,
                           const priced_batch& batch, std::int64_t run_id, std::int64_t cursor_id,
                           std::int64_t longest_ms, write_limits limits) {
    pqxx::work tx(connection);
    backfill_tally tally = batch.tally;
    if (!batch.writes.empty()) {
        tx.exec_params(std::string(query("backfill_batch_budget")), timeout_text(limits.statement),
                       timeout_text(limits.row_lock));
        std::vector<std::int64_t> ids;
        std::vector<std::uint32_t> versions;
        std::vector<std::optional<std::int64_t>> old_costs, new_costs, old_refs, new_refs;
        for (const auto& entry : batch.writes) {
            ids.push_back(entry.id);
            versions.push_back(entry.version);
            old_costs.push_back(entry.old_cost);
            new_costs.push_back(entry.new_cost);
            old_refs.push_back(entry.old_ref);
            new_refs.push_back(entry.new_ref);
        }
        auto skipped = tx.exec_params1(write_sql, integer_array(ids), integer_array(versions),
                                       integer_array(old_costs), integer_array(new_costs), ids.front(),
                                       ids.back(), integer_array(old_refs), integer_array(new_refs));
        tally = count_skipped(batch, skipped[0]);
    }
    record_backfill_batch(tx, run_id, cursor_id, tally, longest_ms);
    tx.commit();
    return tally;
}

}  // namespace

exit_code backfill_exit_code(const backfill_outcome& outcome) {
    if (outcome.interrupted) return exit_code::interrupted;
    return outcome.has_new_problems() ? exit_code::invalid_input : exit_code::ok;
}

backfill_runner::backfill_runner(pqxx::connection& connection, backfill_settings settings,
                                 const interrupt_guard& interrupts, backfill_observers observers,
                                 pqxx::connection* reader)
    : connection_(connection),
      reader_(reader),
      settings_(std::move(settings)),
      interrupts_(interrupts),
      observers_(std::move(observers)) {}

backfill_outcome backfill_runner::run() {
    started_ = clock::now();
    const auto deadlock_timeout = apply_session_settings(connection_);
    // The plain write's guarantee (backfill_write_batch.sql) needs its waits well inside the
    // server's deadlock_timeout; on a server configured tighter, every batch skips locked rows.
    plain_writes_ = deadlock_timeout > 2 * (budget() + row_lock_wait);
    if (reader_) apply_session_settings(*reader_);
    std::optional<backfill_lock> lock;
    if (writing()) lock.emplace(connection_, settings_.wait_lock, &interrupts_);
    out_ = open();
    auto& out = out_;
    try {
        walk(out);
    } catch (...) {
        // Keep the run resumable and say so in its state; if the connection is gone, the state
        // stays 'running' and the next run resumes it all the same.
        if (writing()) {
            try {
                finish_backfill_run(connection_, *out.run_id, false, longest_ms(out));
            } catch (...) {
            }
        }
        throw;
    }
    out.completed = out.cursor_id >= out.ids.last_id;
    out.interrupted = !out.completed;
    if (!out.run.problems.empty()) {
        pqxx::read_transaction tx(connection_);
        out.known_problems = known_backfill_problems(tx, settings_.scope.mode, out.run_id, out.run.problems);
    }
    out.elapsed = duration_cast<microseconds>(clock::now() - started_);
    if (writing()) finish_backfill_run(connection_, *out.run_id, out.completed, longest_ms(out));
    return out;
}

backfill_outcome backfill_runner::open() {
    backfill_outcome out;
    {
        pqxx::nontransaction tx(connection_);
        out.ids = read_id_range(tx, settings_.scope);
    }
    out.cursor_id = out.ids.first_id - 1;
    if (writing()) {
        auto run = open_backfill_run(connection_, settings_.scope, out.ids);
        out.run_id = run.id;
        out.resumed = run.resumed;
        out.ids = run.ids;
        out.cursor_id = run.cursor_id;
        out.run = run.tally;
        longest_ms_before_ = run.longest_batch_ms;
    }
    out.start_cursor_id = out.cursor_id;
    if (observers_.on_start) observers_.on_start({out.run_id, out.resumed, out.ids, out.cursor_id});
    return out;
}

void backfill_runner::walk(backfill_outcome& out) {
    batch_sizer sizer(duration_cast<microseconds>(settings_.target_batch), settings_.limits,
                      settings_.fixed_batch_size);
    if (settings_.max_rate) {
        // No batch bigger than the rate allows in one target duration, so that the pauses stay short.
        auto per_target = *settings_.max_rate * static_cast<double>(settings_.target_batch.count()) / 1000.0;
        sizer.cap(std::max<std::int64_t>(1, static_cast<std::int64_t>(per_target)));
    }
    const write_limits limits{budget(), row_lock_wait};
    const std::string plain_sql(query("backfill_write_batch"));
    const std::string skipping_sql(query("backfill_write_batch_skip_locked"));
    // A plain write that waited too long for a row the application holds, or found itself in a
    // deadlock with it, is rolled back; the same batch is then written skipping locked rows.
    auto write = [&](const priced_batch& batch, std::int64_t run_id, std::int64_t cursor_id) {
        if (plain_writes_) {
            try {
                return write_batch(connection_, plain_sql, batch, run_id, cursor_id, longest_ms(out), limits);
            } catch (const pqxx::sql_error& error) {
                if (error.sqlstate() != "55P03") throw;
            } catch (const pqxx::deadlock_detected&) {
            }
        }
        return write_batch(connection_, skipping_sql, batch, run_id, cursor_id, longest_ms(out), limits);
    };
    backfill_batch_source source(reader_ ? *reader_ : connection_, settings_.scope, out.ids.last_id,
                                 reader_ != nullptr, writing());
    std::mt19937 jitter(std::random_device{}());
    int retries = 0;
    std::int64_t asked = sizer.next();  // the limit of the batch being read
    if (out.cursor_id < out.ids.last_id) source.request(out.cursor_id, asked);
    while (out.cursor_id < out.ids.last_id && !interrupts_.requested()) {
        fetched_batch batch;
        batch.limit = asked;
        microseconds took{0};
        backfill_tally counted;  // as committed
        try {
            batch = source.take();
            if (interrupts_.requested()) break;  // nothing of this batch is written yet
            // The next batch is read (on the reader's connection) while this one is written.
            asked = sizer.next();
            if (batch.next_cursor < out.ids.last_id) source.request(batch.next_cursor, asked);
            counted = batch.priced.tally;
            if (writing()) {
                const auto write_started = clock::now();
                counted = write(batch.priced, *out.run_id, batch.next_cursor);
                took = duration_cast<microseconds>(clock::now() - write_started);
            }
        } catch (const std::exception& error) {
            // The batch is rolled back (or was never written): read it again, after a pause.
            auto kind = passing_failure(error);
            if (!kind) throw;
            if (++retries > most_retries) stop_after_retries(error, out.cursor_id, retries);
            if (*kind == retry::smaller) {
                sizer.observe(batch.limit, batch.limit, duration_cast<microseconds>(limits.statement) * 2);
            }
            pause(out, retries, server_message_with_state(error), jitter);
            asked = sizer.next();
            source.request(out.cursor_id, asked);
            continue;
        }
        if (writing()) {
            out.longest_batch = std::max(out.longest_batch, took);
            sizer.observe(batch.rows, counted.rows_written + counted.rows_skipped, took);
        } else {
            sizer.observe(batch.rows, batch.rows, batch.took);
        }
        retries = 0;
        out.cursor_id = batch.next_cursor;
        out.invocation.add(counted);
        out.run.add(counted);
        out.elapsed = duration_cast<microseconds>(clock::now() - started_);
        if (observers_.on_batch) {
            observers_.on_batch({batch.rows, counted.rows_written, counted.rows_skipped, took, out.cursor_id,
                                 out.ids, sizer.next(), &out.invocation, out.elapsed});
        }
        keep_to_rate(out.invocation.rows_scanned);
    }
}

void backfill_runner::pause(const backfill_outcome& out, int retry, const std::string& reason,
                            std::mt19937& jitter) const {
    auto delay = backoff_delay({}, retry, static_cast<std::uint32_t>(jitter()));
    if (observers_.on_retry) {
        observers_.on_retry(
            {backfill_retry::cause::batch_failed, out.cursor_id, retry, most_retries, reason, delay});
    }
    interrupts_.sleep_for(delay);
}

void backfill_runner::keep_to_rate(std::int64_t rows_scanned) const {
    if (!settings_.max_rate || *settings_.max_rate <= 0) return;
    auto due = std::chrono::duration<double>(static_cast<double>(rows_scanned) / *settings_.max_rate);
    auto ahead = duration_cast<milliseconds>(due - (clock::now() - started_));
    if (ahead.count() > 0) interrupts_.sleep_for(ahead);
}

milliseconds backfill_runner::budget() const {
    // A fifth above the target duration, which the batch size aims at: with the default 200 ms,
    // 240 ms, so that with its commit no batch holds row locks past 250 ms.
    return settings_.target_batch * 6 / 5;
}

std::int64_t backfill_runner::longest_ms(const backfill_outcome& out) const {
    return std::max(longest_ms_before_, duration_cast<milliseconds>(out.longest_batch).count());
}

}  // namespace chatcost::db
