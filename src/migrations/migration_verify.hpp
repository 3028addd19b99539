#pragma once
// `migrate verify`: proof that the migrations are reversible. In a scratch database that it
// creates and always drops, it applies every migration one by one, taking a catalog snapshot
// (catalog_snapshot.hpp) after each; undoes them one by one, checking after each down that the
// schema is exactly what it was before that migration's up; then applies them all again and
// checks that the schema is what the first pass built.

#include <functional>
#include <string>
#include <vector>

#include "migrations/catalog_snapshot.hpp"
#include "migrations/migration_catalog.hpp"
#include "migrations/migration_plan.hpp"
#include "db/session.hpp"

namespace chatcost::db {

struct verify_finding {
    std::string phase;  // "after 0004_chat_messages_total_cost down", "second up", ...
    std::string kind;   // of the object, or "error" when a migration failed
    std::string object;
    std::optional<std::string> expected;
    std::optional<std::string> actual;
};

struct verify_result {
    std::string scratch_database;
    int migrations = 0;
    std::vector<verify_finding> findings;  // empty: reversible
};

// Needs the right to create databases on the session's server. A migration that fails in the
// scratch database is a finding, not an exception; the scratch database is dropped either way.
verify_result verify_migrations(session& session, const migration_catalog& catalog, const lock_policy& policy,
                                const std::function<void(const std::string&)>& note);

}  // namespace chatcost::db
