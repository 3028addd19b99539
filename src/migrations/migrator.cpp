#include "migrations/migrator.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/advisory_lock.hpp"

namespace chatcost::db {

namespace {

schema_state read_state(pqxx::connection& connection, const migration_catalog& catalog) {
    pqxx::read_transaction tx(connection, "schema state");
    return read_schema_state(tx, catalog);
}

}  // namespace

migrate_result migrate(session& session, const migration_catalog& catalog, const migrate_request& request,
                       const std::function<void(const std::string&)>& note) {
    auto& connection = session.connection();
    migrate_result result;
    if (request.dry_run) {
        pqxx::read_transaction tx(connection, "dry run");
        result.after = read_schema_state(tx, catalog);
        result.planned = request.plan(result.after);
        tx.abort();  // not even a commit
        return result;
    }
    // Nothing to do is a success whoever holds the lock: a deploy's `migrate up` beside another's
    // must not fail for want of work. Only a plan with steps needs the lock, and is made again
    // under it, as a run that waited finds the work of the one before it.
    result.after = read_state(connection, catalog);
    if (request.plan(result.after).empty()) {
        note(fmt::format("nothing to do: {}", result.after.description()));
        return result;
    }
    advisory_lock lock(session.open_connection(), migrate_lock_key, request.wait_lock, "chatcost migrate");
    result.planned = request.plan(read_state(connection, catalog));
    migration_runner runner(connection, request.policy, note);
    for (const auto& step : result.planned) result.done.push_back(runner.run(step));
    result.after = read_state(connection, catalog);
    if (result.done.empty()) note(fmt::format("nothing to do: {}", result.after.description()));
    return result;
}

}  // namespace chatcost::db
