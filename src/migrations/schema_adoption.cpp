#include "migrations/schema_adoption.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/advisory_lock.hpp"
#include "db/embedded_sql.hpp"
#include "db/sql_array.hpp"

namespace chatcost::db {

namespace {

// "chat_id, id" -> {"chat_id", "id"}; quote_ident left ordinary names as they are.
std::vector<std::string> split_columns(const std::string& text) {
    std::vector<std::string> columns;
    if (text.empty()) return columns;
    std::size_t start = 0;
    for (;;) {
        auto end = text.find(", ", start);
        columns.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return columns;
        start = end + 2;
    }
}

bool has_flag(const std::string& flags, std::string_view flag) {
    return (" " + flags + " ").find(" " + std::string(flag) + " ") != std::string::npos;
}

// The bookkeeping and the tables in one snapshot: a migration commits its tables together with its
// row, so a concurrent `migrate up` is seen either before a migration or after it, never between.
using snapshot_transaction =
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only>;

struct snapshot {
    schema_state state;
    database_shape shape;
};

snapshot read_snapshot(pqxx::transaction_base& tx, const migration_catalog& catalog) {
    return {read_schema_state(tx, catalog), read_database_shape(tx, tables_to_inspect(catalog))};
}

}  // namespace

database_shape read_database_shape(pqxx::transaction_base& tx, const std::vector<std::string>& names) {
    database_shape shape;
    for (const auto& row : tx.exec_params(std::string(query("adopt_table_shapes")), text_array(names))) {
        auto table_name = row["table_name"].as<std::string>();
        auto kind = row["kind"].as<std::string>();
        auto name = row["name"].as<std::string>();
        auto detail = row["detail"].as<std::string>();
        auto columns = split_columns(row["columns"].as<std::string>());
        // Rows are ordered by table: a table's rows follow each other, its own row ('table') last.
        if (shape.tables.empty() || shape.tables.back().name != table_name) {
            shape.tables.push_back({table_name, "", {}, {}, {}});
        }
        auto& table = shape.tables.back();
        if (kind == "table") {
            table.kind = detail;
        } else if (kind == "column") {
            table.columns.push_back({name, detail});
        } else if (kind == "constraint") {
            table_shape::constraint constraint{name, detail.empty() ? 'p' : detail[0], columns, ""};
            if (detail.size() > 2) constraint.references = detail.substr(2);
            table.constraints.push_back(std::move(constraint));
        } else if (kind == "index") {
            table.indexes.push_back({name, columns, has_flag(detail, "unique"), has_flag(detail, "partial"),
                                     !has_flag(detail, "invalid")});
        }
    }
    return shape;
}

adoption_result adopt_schema(session& session, const migration_catalog& catalog,
                             const migrate_request& request,
                             const std::function<void(const std::string&)>& note) {
    auto& connection = session.connection();
    adoption_result result;
    auto plan = [&](const snapshot& seen) {
        result.migration.planned = plan_adopt(seen.state, seen.shape);
        result.check = check_platform_shape(seen.shape, seen.state);
    };
    if (request.dry_run) {
        snapshot_transaction tx(connection, "dry run");
        auto seen = read_snapshot(tx, catalog);
        result.migration.after = seen.state;
        plan(seen);
        tx.abort();  // not even a commit
        return result;
    }
    advisory_lock lock(session.open_connection(), migrate_lock_key, request.wait_lock, "chatcost migrate");
    {
        // Read only once the lock is ours, state and shape in one snapshot.
        snapshot_transaction tx(connection, "adoption check");
        plan(read_snapshot(tx, catalog));
    }
    migration_runner runner(connection, request.policy, note);
    for (const auto& step : result.migration.planned) result.migration.done.push_back(runner.run(step));
    pqxx::read_transaction tx(connection, "schema state");
    result.migration.after = read_schema_state(tx, catalog);
    if (result.migration.done.empty())
        note(fmt::format("nothing to do: {}", result.migration.after.description()));
    return result;
}

void refuse_platform_tables(pqxx::connection& connection, const migration_catalog& catalog) {
    snapshot_transaction tx(connection, "platform tables");
    auto seen = read_snapshot(tx, catalog);
    refuse_existing_platform_tables(seen.state, seen.shape);
}

}  // namespace chatcost::db
