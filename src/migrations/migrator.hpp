#pragma once
// `migrate up` and `migrate down` end to end: take the migration lock on a connection of its
// own, read the schema state, plan, run the steps, read the state again. A dry run takes no
// lock and reads in a transaction that it rolls back, so it writes nothing at all.

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "migrations/migration_plan.hpp"
#include "migrations/migration_runner.hpp"
#include "db/session.hpp"

namespace chatcost::db {

using migration_planner = std::function<std::vector<migration_step>(const schema_state&)>;

struct migrate_request {
    migration_planner plan;  // plan_up or plan_down, bound to their flags
    lock_policy policy;
    std::chrono::milliseconds wait_lock{0};  // for the migration lock; 0: one try, then exit 8
    bool dry_run = false;
};

struct migrate_result {
    std::vector<migration_step> planned;
    std::vector<step_result> done;  // empty for a dry run
    schema_state after;             // the state read at the end (before anything, for a dry run)
};

migrate_result migrate(session& session, const migration_catalog& catalog, const migrate_request& request,
                       const std::function<void(const std::string&)>& note);

}  // namespace chatcost::db
