#include "migrations/migration_runner.hpp"

#include <random>
#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "migrations/migration_history.hpp"
#include "migrations/partitioned_index.hpp"
#include "db/server_message.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

using clock = std::chrono::steady_clock;

std::int64_t elapsed_ms(clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - start).count();
}

// A lock not granted within lock_timeout, or a deadlock: someone else's work, worth a retry.
bool lock_conflict(const std::string& sqlstate) {
    return sqlstate == "55P03" || sqlstate == "40P01";
}

using statement_error = migration_runner::statement_error;

std::string where(const migration_step& step, const statement_error& error) {
    return fmt::format("{} ({}) failed at statement {} of {} (line {})", step.m->label(), step.script().path,
                       error.failure.statement, step.script().statements.size(), error.line);
}

[[noreturn]] void fail(const migration_step& step, const statement_error& error, int attempts,
                       const lock_policy& policy, std::string consequence) {
    std::string cause = fmt::format("{} (SQLSTATE {})", error.failure.message, error.failure.sqlstate);
    if (lock_conflict(error.failure.sqlstate)) {
        cause = fmt::format("its lock was not granted within {} in {} tries: {}",
                            format_duration(policy.lock_timeout), attempts, cause);
        consequence +=
            "; find who holds the table's locks in pg_locks and pg_stat_activity, or try again at a "
            "quieter time or with a longer --lock-timeout";
    }
    throw failure(exit_code::database, fmt::format("{}: {}", where(step, error), cause), consequence);
}

}  // namespace

migration_runner::migration_runner(pqxx::connection& connection, lock_policy policy, note_fn note)
    : connection_(connection), policy_(policy), note_(std::move(note)) {
    pqxx::nontransaction tx(connection_);
    tx.exec_params(std::string(query("migration_session_settings")),
                   fmt::format("{}ms", policy_.lock_timeout.count()));
}

step_result migration_runner::run(const migration_step& step) {
    if (step.direction == migration_direction::adopt) {
        // Nothing of the file runs: its objects are the platform's, checked by the adoption.
        auto start = clock::now();
        pqxx::work tx(connection_, "adoption");
        record_adopted(tx, *step.m);
        tx.commit();
        note_(fmt::format("adopted {}", step.m->label()));
        return {step, elapsed_ms(start), 1};
    }
    note_(fmt::format("{} {}{}", step.direction == migration_direction::up ? "applying" : "undoing",
                      step.m->label(), step.script().transactional ? "" : " (no transaction)"));
    auto result = step.script().transactional ? run_in_transaction(step) : run_without_transaction(step);
    note_(fmt::format("{} {} in {} ms", step.direction == migration_direction::up ? "applied" : "undid",
                      step.m->label(), result.duration_ms));
    return result;
}

void migration_runner::pause_before_retry(int retry, const std::string& what) {
    thread_local std::mt19937 random{std::random_device{}()};
    auto delay = backoff_delay(policy_.backoff, retry, static_cast<std::uint32_t>(random()));
    note_(fmt::format("{}: lock not granted within {}; retry {} of {} in {} ms", what,
                      format_duration(policy_.lock_timeout), retry, policy_.attempts - 1, delay.count()));
    std::this_thread::sleep_for(delay);
}

step_result migration_runner::run_in_transaction(const migration_step& step) {
    const bool up = step.direction == migration_direction::up;
    const auto& statements = step.script().statements;
    for (int attempt = 1;; ++attempt) {
        auto start = clock::now();
        statement_error error;
        try {
            pqxx::work tx(connection_, "migration");
            if (!up) forget_migration(tx, step.m->version);
            for (std::size_t i = 0; i < statements.size(); ++i) {
                error = {{std::int64_t(i + 1), "", ""}, statements[i].line};
                tx.exec(statements[i].text);
            }
            error = {};
            if (up) record_applied(tx, *step.m, elapsed_ms(start));
            tx.commit();
            return {step, elapsed_ms(start), attempt};
        } catch (const pqxx::sql_error& e) {
            if (error.line == 0) throw;  // the bookkeeping failed, not the migration
            error.failure.sqlstate = e.sqlstate();
            error.failure.message = server_message(e);
            if (lock_conflict(e.sqlstate()) && attempt < policy_.attempts) {
                pause_before_retry(attempt, step.m->label());
                continue;
            }
            fail(step, error, attempt, policy_,
                 fmt::format("nothing of {} was {}: it ran in one transaction, rolled back", step.m->label(),
                             up ? "applied" : "undone"));
        }
    }
}

step_result migration_runner::run_without_transaction(const migration_step& step) {
    const bool up = step.direction == migration_direction::up;
    const auto& statements = step.script().statements;
    auto start = clock::now();
    int most_attempts = 1;
    for (std::size_t i = 0; i < statements.size(); ++i) {
        auto index_name = concurrent_index_name(statements[i]);
        for (int attempt = 1;; ++attempt) {
            try {
                // A partitioned table's index is INVALID until its last partition's is attached:
                // resumed there, not dropped.
                if (!build_partitioned_index(statements[i])) {
                    if (!index_name.empty()) drop_invalid_index(index_name);
                    pqxx::nontransaction tx(connection_, "migration statement");
                    tx.exec(statements[i].text);
                }
                most_attempts = std::max(most_attempts, attempt);
                break;
            } catch (const pqxx::sql_error& e) {
                if (lock_conflict(e.sqlstate()) && attempt < policy_.attempts) {
                    pause_before_retry(attempt, fmt::format("{} statement {}", step.m->label(), i + 1));
                    continue;
                }
                statement_error error{{std::int64_t(i + 1), e.sqlstate(), server_message(e)},
                                      statements[i].line};
                fail(step, error, attempt, policy_, record_failure(step, error, elapsed_ms(start)));
            }
        }
    }
    pqxx::nontransaction tx(connection_, "migration bookkeeping");
    if (up) {
        record_applied(tx, *step.m, elapsed_ms(start));
    } else {
        forget_migration(tx, step.m->version);
    }
    return {step, elapsed_ms(start), most_attempts};
}

std::string migration_runner::record_failure(const migration_step& step, const statement_error& error,
                                             std::int64_t duration_ms) {
    auto done = error.failure.statement == 1
                    ? std::string("no statement took effect")
                    : fmt::format("statements 1 to {} took effect", error.failure.statement - 1);
    try {
        pqxx::nontransaction tx(connection_, "migration bookkeeping");
        record_failed(tx, *step.m, duration_ms, error.failure);
    } catch (const std::exception& e) {
        return fmt::format(
            "{}; recording {} as failed did not work either ({}): run 'chatcost migrate status'", done,
            step.m->label(), e.what());
    }
    return fmt::format(
        "{}; {} is recorded as failed: fix the cause, then run 'chatcost migrate up --retry-failed' "
        "(or 'chatcost migrate down --steps 1' to undo it)",
        done, step.m->label());
}

bool migration_runner::build_partitioned_index(const sql_statement& statement) {
    auto index = parse_concurrent_index(statement);
    if (!index) return false;
    pqxx::nontransaction tx(connection_, "partitioned index");
    if (!tx.exec_params1(std::string(query("table_is_partitioned")), index->table)[0].as<bool>())
        return false;
    note_(fmt::format("{} is partitioned: building {} on each partition CONCURRENTLY, then attaching it",
                      index->table, index->name));
    tx.exec(parent_index_statement(*index));
    // Each step is idempotent, so a retry after a lock timeout, or a run after a failed one,
    // goes on from the first partition without its index attached.
    for (const auto& row :
         tx.exec_params(std::string(query("partition_index_targets")), index->table, index->name)) {
        if (row["attached"].as<bool>()) continue;
        const auto partition = row["partition"].as<std::string>();
        const auto partition_index = row["index_name"].as<std::string>();
        const auto qualified = row["qualified_index_name"].as<std::string>();
        if (row["invalid"].as<bool>()) {
            note_(fmt::format("dropping INVALID index {} left by an earlier failed build", qualified));
            tx.exec("DROP INDEX CONCURRENTLY IF EXISTS " + qualified);
        }
        tx.exec(partition_index_statement(*index, partition_index, partition, row["partitioned"].as<bool>()));
        tx.exec(attach_index_statement(*index, qualified));
    }
    return true;
}

void migration_runner::drop_invalid_index(const std::string& name) {
    pqxx::nontransaction tx(connection_, "invalid index check");
    auto rows = tx.exec_params(std::string(query("index_invalid")), name);
    if (rows.empty()) return;
    // The name comes back from the server as regclass text, quoted where it needs to be:
    // identifiers cannot be $n parameters, and this one is the server's own spelling.
    auto quoted = rows[0][0].as<std::string>();
    note_(fmt::format("dropping INVALID index {} left by an earlier failed build", quoted));
    tx.exec("DROP INDEX CONCURRENTLY IF EXISTS " + quoted);
}

}  // namespace chatcost::db
