#include "migrations/migration_verify.hpp"

#include <random>
#include <unistd.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "migrations/migration_runner.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// Creates the scratch database and drops it when the scope ends, whatever happened.
class scratch_database {
public:
    scratch_database(pqxx::connection& admin, std::function<void(const std::string&)> note)
        : admin_(admin), note_(std::move(note)) {
        std::random_device random;
        name_ = fmt::format("chatcost_verify_{}_{:08x}", ::getpid(), random());
        // Database names cannot be $n parameters; this one is ours, and quoted all the same.
        pqxx::nontransaction tx(admin_, "create scratch database");
        tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " TEMPLATE template0");
        note_(fmt::format("created scratch database {}", name_));
    }
    ~scratch_database() {
        try {
            pqxx::nontransaction tx(admin_, "drop scratch database");
            tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
            note_(fmt::format("dropped scratch database {}", name_));
        } catch (const std::exception& error) {
            note_(fmt::format("could not drop scratch database {}: {}", name_, error.what()));
        }
    }
    scratch_database(const scratch_database&) = delete;
    scratch_database& operator=(const scratch_database&) = delete;

    const std::string& name() const { return name_; }

private:
    pqxx::connection& admin_;
    std::function<void(const std::string&)> note_;
    std::string name_;
};

catalog_snapshot snapshot(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection, "catalog snapshot");
    return take_catalog_snapshot(tx);
}

void add_differences(const std::string& phase, const catalog_snapshot& expected,
                     const catalog_snapshot& actual, std::vector<verify_finding>& findings) {
    for (auto& d : compare_catalogs(expected, actual)) {
        findings.push_back({phase, d.kind, d.object, std::move(d.expected), std::move(d.actual)});
    }
}

}  // namespace

verify_result verify_migrations(session& session, const migration_catalog& catalog, const lock_policy& policy,
                                const std::function<void(const std::string&)>& note) {
    scratch_database scratch(session.connection(), note);
    verify_result result{scratch.name(), int(catalog.migrations.size()), {}};
    auto connection = session.open_connection_to(scratch.name());
    migration_runner runner(*connection, policy, note);
    std::string phase;
    try {
        std::vector<catalog_snapshot> before_up;  // [k]: the schema before migration k's up
        for (const auto& m : catalog.migrations) {
            phase = fmt::format("first up of {}", m.label());
            before_up.push_back(snapshot(*connection));
            runner.run({&m, migration_direction::up});
        }
        const auto after_first_up = snapshot(*connection);
        for (std::size_t k = catalog.migrations.size(); k-- > 0;) {
            const auto& m = catalog.migrations[k];
            phase = fmt::format("down of {}", m.label());
            runner.run({&m, migration_direction::down});
            add_differences(fmt::format("after {} down", m.label()), before_up[k], snapshot(*connection),
                            result.findings);
        }
        for (const auto& m : catalog.migrations) {
            phase = fmt::format("second up of {}", m.label());
            runner.run({&m, migration_direction::up});
        }
        add_differences("second up", after_first_up, snapshot(*connection), result.findings);
    } catch (const failure& error) {  // a migration failed (the runner names it)
        result.findings.push_back({phase, "error", "", std::nullopt, std::string(error.what())});
    } catch (const pqxx::sql_error& error) {  // its bookkeeping failed: e.g. no 0001 in the catalog
        result.findings.push_back({phase, "error", "", std::nullopt, std::string(error.what())});
    }
    connection.reset();  // before the scratch database is dropped
    return result;
}

}  // namespace chatcost::db
