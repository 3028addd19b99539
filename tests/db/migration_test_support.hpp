#pragma once
// For the db tests of migrations: sessions on a test database, catalogs with extra files.

#include <string>
#include <vector>

#include <pqxx/pqxx>

#include "migrations/migration_catalog.hpp"
#include "migrations/migration_plan.hpp"
#include "migrations/migration_runner.hpp"
#include "migrations/schema_state.hpp"
#include "db/session.hpp"
#include "db_test_support.hpp"

namespace chatcost::testing {

inline db::session_settings settings_for(const std::string& url) {
    db::session_settings settings;
    settings.database_flag = url;
    return settings;
}

inline std::optional<std::string> no_env(std::string_view) {
    return std::nullopt;
}
inline void ignore_note(const std::string&) {}

// A session on `url` that connects like chatcost does: `db::session s = session_on(url)` cannot
// be (sessions do not move), so write `db::session s(settings_for(url), no_env, ignore_note, ignore_note)`.

// The compiled-in migrations plus `extra` files (paths named like migrations).
inline db::migration_catalog catalog_with(std::vector<db::source_file> extra) {
    auto files = db::embedded_migration_files();
    files.insert(files.end(), extra.begin(), extra.end());
    return db::build_catalog(files, exit_code::internal);
}

inline std::int64_t scalar(const std::string& url, const std::string& sql) {
    pqxx::connection c(url);
    pqxx::nontransaction tx(c);
    return tx.exec1(sql)[0].as<std::int64_t>();
}

inline void run_sql(const std::string& url, const std::string& sql) {
    pqxx::connection c(url);
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

// A fresh database with every migration applied, as `chatcost migrate up` applies them.
inline std::string migrated_database(const std::string& name) {
    auto url = fresh_database(name);
    pqxx::connection connection(url);
    db::schema_state state;
    {
        pqxx::read_transaction tx(connection);
        state = db::read_schema_state(tx);
    }
    db::migration_runner runner(connection, db::lock_policy{}, [](const std::string&) {});
    for (const auto& step : db::plan_up(state, std::nullopt, false)) runner.run(step);
    return url;
}

inline bool table_exists(const std::string& url, const std::string& table) {
    return scalar(url, "SELECT count(*) FROM pg_class WHERE relname = '" + table + "' AND relkind = 'r'") ==
           1;
}

}  // namespace chatcost::testing
