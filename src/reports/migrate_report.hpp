#pragma once
// `chatcost migrate` as reports: what up/down did or would do, every migration's state, a
// verify run's differences and the lint findings. People get a dry run as the script it would
// run and lint findings one a line; JSON and CSV get rows.

#include <cstddef>
#include <string>
#include <vector>

#include "migrations/migration_lint.hpp"
#include "migrations/migration_verify.hpp"
#include "migrations/migrator.hpp"
#include "output/report_views.hpp"

namespace chatcost::reports {

// up or down done: the schema after, and the steps under `done_key` ("applied", "undone").
output::value migration_change_report(const std::string& database, const db::migrate_result& result,
                                      const std::string& done_key);

// A dry run's plan: the statements, transactions and timeouts each step would use.
output::report_views migration_plan_report(const std::string& database,
                                           const std::vector<db::migration_step>& steps,
                                           const db::lock_policy& policy);

// `migrate status`: the schema and every migration's state.
output::value migration_status_report(const std::string& database, const db::schema_state& state);

// `migrate verify`: reversible, or the differences found in the scratch database.
output::value migration_verify_report(const db::verify_result& result);

// `migrate lint`: the findings over `files_checked` files.
output::report_views migration_lint_report(std::size_t files_checked,
                                           const std::vector<db::lint_finding>& findings);

}  // namespace chatcost::reports
