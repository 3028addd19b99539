#pragma once
// What `migrate up` and `migrate down` will do, decided before anything runs: the ordered
// migration steps (pure, from the schema state), and the same steps spelled out statement by
// statement with their transaction boundaries and timeouts for --dry-run. The runner executes
// exactly these steps, so a dry run shows what a real run does.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migrations/migration_catalog.hpp"
#include "migrations/schema_state.hpp"
#include "util/backoff.hpp"

namespace chatcost::db {

// adopt: record an up migration whose objects the platform made, without running it.
enum class migration_direction { up, down, adopt };

struct migration_step {
    const migration* m = nullptr;
    migration_direction direction = migration_direction::up;

    const migration_script& script() const {
        return direction == migration_direction::down ? m->down : m->up;
    }
};

// How each statement waits for its locks (--lock-timeout, --lock-retries).
struct lock_policy {
    std::chrono::milliseconds lock_timeout{5'000};
    int attempts = 5;  // tries in all: a transactional migration is retried whole, else the statement
    backoff_policy backoff;
};

// The pending migrations up to and including `to` (all when none), ascending. A failed
// migration is run again when `retry_failed`. Throws failure(schema) listing every problem
// (changed, database ahead, out of order, failed), failure(usage) for an unknown `to`.
std::vector<migration_step> plan_up(const schema_state& state, std::optional<std::int64_t> to,
                                    bool retry_failed);

// The recorded migrations above version `to` (0 = all), or the last `steps` of them, from the
// highest down. A failed one is undone like an applied one. Throws failure(schema) when one of
// them is unknown to this binary or changed, or adopted (chatcost never drops the platform's
// tables), or is 0010 while migrations are recorded as adopted; failure(usage) for an unknown `to`.
std::vector<migration_step> plan_down(const schema_state& state, std::optional<std::int64_t> to,
                                      std::optional<int> steps);

// One line of a dry run.
struct plan_line {
    enum class kind { setting, begin, statement, record, commit, note };
    kind what;
    std::optional<std::int64_t> version;
    std::string migration;         // label, empty for settings
    std::optional<int> statement;  // 1-based, for statements
    std::optional<int> line;       // of the statement in its file
    std::string sql;               // what is sent, or what is done (for notes and records)
};

std::string_view to_string(plan_line::kind what);

std::vector<plan_line> describe_plan(const std::vector<migration_step>& steps, const lock_policy& policy,
                                     bool takes_lock);

// The lines as a script for people: SQL ending in ';', everything else as '--' comments.
std::vector<std::string> plan_script(const std::vector<plan_line>& lines);

// The statement creates an index CONCURRENTLY: its name as written ("idx_x", "s.idx_x"), else "".
// A failed build leaves an INVALID index of that name, dropped before the statement runs again.
std::string concurrent_index_name(const sql_statement& statement);

}  // namespace chatcost::db
