#pragma once
// Runs migration steps (migration_plan.hpp) on a connection, safely for a live database:
//
// - The connection's lock_timeout is short (lock_policy), so a statement that cannot get its
//   lock gives up quickly instead of queueing the application's queries behind it; it is then
//   retried with jittered backoff. A transactional migration is retried whole (nothing is held
//   while waiting); a no-transaction one retries the statement.
// - A transactional migration commits together with its bookkeeping row, or not at all.
// - A no-transaction migration that fails part-way is recorded as failed with the statement
//   index and SQLSTATE. Before each CREATE INDEX CONCURRENTLY, an INVALID index of the same
//   name (what a failed build leaves) is dropped, so that IF NOT EXISTS does not keep it.
//
// The caller holds the migration lock (advisory_lock.hpp) when others could run at once.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <pqxx/connection>

#include "migrations/migration_history.hpp"
#include "migrations/migration_plan.hpp"

namespace chatcost::db {

struct step_result {
    migration_step step;
    std::int64_t duration_ms = 0;
    int attempts = 1;
};

class migration_runner {
public:
    using note_fn = std::function<void(const std::string&)>;

    // Sets the connection's lock_timeout and turns its statement_timeout off.
    migration_runner(pqxx::connection& connection, lock_policy policy, note_fn note);

    // Throws failure(database) naming the migration, statement, line and SQLSTATE when a
    // statement fails (after the retries, for a lock that was not granted). An adopt step only
    // records the migration as adopted.
    step_result run(const migration_step& step);

    // A statement that failed, with what is needed to report it.
    struct statement_error {
        statement_failure failure;
        int line = 0;
    };

private:
    step_result run_in_transaction(const migration_step& step);
    step_result run_without_transaction(const migration_step& step);
    void drop_invalid_index(const std::string& name);
    // CREATE INDEX CONCURRENTLY on a partitioned table, partition by partition
    // (migrations/partitioned_index.hpp); false when `statement` is not one.
    bool build_partitioned_index(const sql_statement& statement);
    // Records a no-transaction migration as failed; says what took effect and what to do next.
    std::string record_failure(const migration_step& step, const statement_error& error,
                               std::int64_t duration_ms);
    void pause_before_retry(int retry, const std::string& what);

    pqxx::connection& connection_;
    lock_policy policy_;
    note_fn note_;
};

}  // namespace chatcost::db
