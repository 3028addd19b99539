#pragma once
// `migrate up --adopt` end to end, beside migrator.hpp's plain `up`: take the migration lock,
// read the schema state and the shape of the platform's tables in one snapshot, check and plan
// (platform_shape.hpp), run the steps, read the state again. A dry run takes no lock and
// writes nothing. Also the guard of a plain `up` on the platform's database.

#include <functional>
#include <string>
#include <vector>

#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "db/session.hpp"
#include "migrations/migrator.hpp"
#include "migrations/platform_shape.hpp"

namespace chatcost::db {

// The tables `names` as the catalogs describe them (adopt_table_shapes.sql).
database_shape read_database_shape(pqxx::transaction_base& tx, const std::vector<std::string>& names);

struct adoption_result {
    migrate_result migration;  // planned, done (adopt steps among them), the state after
    shape_check check;         // what was accepted (the mismatches stop the run before this)
};

// request.plan is not used: the plan is plan_adopt's.
adoption_result adopt_schema(session& session, const migration_catalog& catalog,
                             const migrate_request& request,
                             const std::function<void(const std::string&)>& note);

// For a plain `migrate up`: exit 7 with a hint to use --adopt when the platform's tables exist but
// the migrations that would create them are pending. Reads in a transaction of its own.
void refuse_platform_tables(pqxx::connection& connection, const migration_catalog& catalog);

}  // namespace chatcost::db
