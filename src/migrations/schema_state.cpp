#include "migrations/schema_state.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "util/failure.hpp"

namespace chatcost::db {

std::string_view to_string(migration_state state) {
    switch (state) {
        case migration_state::applied:
            return "applied";
        case migration_state::pending:
            return "pending";
        case migration_state::changed:
            return "changed";
        case migration_state::failed:
            return "failed";
        case migration_state::unknown:
            return "unknown";
        case migration_state::adopted:
            return "adopted";
    }
    return "unknown";
}

std::string migration_status::label() const {
    return fmt::format("{:04}_{}", version, name);
}

std::string migration_status::detail() const {
    switch (state) {
        case migration_state::changed:
            return fmt::format("checksum {} in the database, {} in {}", record->checksum, file->checksum,
                               file->up.path);
        case migration_state::failed: {
            std::string where = fmt::format("statement {}", record->failed_statement.value_or(0));
            auto index = record->failed_statement.value_or(0);
            if (file && index >= 1 && index <= std::int64_t(file->up.statements.size())) {
                where += fmt::format(" (line {} of {})", file->up.statements[index - 1].line, file->up.path);
            }
            return fmt::format("failed at {}: {} (SQLSTATE {})", where, record->error.value_or(""),
                               record->sqlstate.value_or("?"));
        }
        case migration_state::unknown:
            return fmt::format("not in this chatcost (checksum {} in the database)", record->checksum);
        case migration_state::pending:
            return out_of_order ? "out of order: a higher version is already applied" : "";
        case migration_state::adopted:
            return "the platform made its objects: checked and recorded by 'migrate up --adopt', not run";
        case migration_state::applied:
            return "";
    }
    return "";
}

bool schema_state::current() const {
    return migrated && std::all_of(migrations.begin(), migrations.end(), [](const auto& m) {
               return m.state == migration_state::applied || m.state == migration_state::adopted;
           });
}

std::string schema_state::description() const {
    if (!migrated) return "not migrated";
    std::map<migration_state, int> counts;
    for (const auto& m : migrations) ++counts[m.state];
    if (current()) return version ? fmt::format("up to date (version {})", *version) : "up to date";
    std::string text;
    for (auto state : {migration_state::unknown, migration_state::failed, migration_state::changed,
                       migration_state::pending}) {
        if (counts[state] == 0) continue;
        if (!text.empty()) text += ", ";
        text += fmt::format("{} {}", counts[state], to_string(state));
    }
    auto at = version ? fmt::format("version {}", *version) : "no migration applied";
    return expected_version ? fmt::format("{} ({} of {})", text, at, *expected_version)
                            : fmt::format("{} ({})", text, at);
}

std::vector<std::string> schema_state::problems(bool failed_allowed) const {
    std::vector<std::string> found;
    std::optional<std::int64_t> highest_recorded;
    for (const auto& m : migrations) {
        if (m.record) highest_recorded = m.version;
    }
    for (const auto& m : migrations) {
        switch (m.state) {
            case migration_state::changed:
                found.push_back(
                    fmt::format("{} was edited after it was applied: checksum {} in the database, {} in {}",
                                m.label(), m.record->checksum, m.file->checksum, m.file->up.path));
                break;
            case migration_state::unknown:
                found.push_back(
                    fmt::format("the database is ahead of this chatcost: {} is applied there (checksum {}) "
                                "but this binary has no such migration",
                                m.label(), m.record->checksum));
                break;
            case migration_state::failed:
                if (!failed_allowed) found.push_back(fmt::format("{} {}", m.label(), m.detail()));
                break;
            case migration_state::pending:
                if (m.out_of_order) {
                    found.push_back(
                        fmt::format("{} ({}, checksum {}) is pending but version {} is already applied: "
                                    "out of order",
                                    m.label(), m.file->up.path, m.file->checksum, *highest_recorded));
                }
                break;
            case migration_state::applied:
            case migration_state::adopted:
                break;
        }
    }
    return found;
}

schema_state compare_schema(const migration_catalog& catalog, const migration_history& history) {
    schema_state state;
    state.migrated = history.exists;
    state.expected_version = catalog.latest_version();
    std::map<std::int64_t, migration_status> by_version;
    for (const auto& m : catalog.migrations) {
        migration_status status;
        status.version = m.version;
        status.name = m.name;
        status.file = &m;
        by_version[m.version] = std::move(status);
    }
    std::optional<std::int64_t> highest_recorded;
    for (const auto& record : history.records) {
        auto& status = by_version[record.version];
        status.version = record.version;
        status.record = record;
        if (!status.file) {
            status.name = record.name;
            status.state = migration_state::unknown;
        } else if (record.failed) {
            status.state = migration_state::failed;
        } else if (record.checksum != status.file->checksum) {
            status.state = migration_state::changed;
        } else {
            status.state = record.adopted ? migration_state::adopted : migration_state::applied;
        }
        if (!record.failed) state.version = std::max(state.version.value_or(record.version), record.version);
        highest_recorded = record.version;
    }
    for (auto& [version, status] : by_version) {
        if (status.state == migration_state::pending && highest_recorded && version < *highest_recorded) {
            status.out_of_order = true;
        }
        state.migrations.push_back(std::move(status));
    }
    return state;
}

schema_state read_schema_state(pqxx::transaction_base& tx) {
    return read_schema_state(tx, embedded_migrations());
}

schema_state read_schema_state(pqxx::transaction_base& tx, const migration_catalog& catalog) {
    return compare_schema(catalog, read_migration_history(tx));
}

void require_current_schema(pqxx::transaction_base& tx) {
    auto state = read_schema_state(tx);
    if (state.current()) return;
    constexpr auto hint = "run 'chatcost migrate up' first";
    if (!state.migrated) {
        throw failure(exit_code::schema, "the database is not migrated: chatcost's tables do not exist",
                      hint);
    }
    auto problems = state.problems();
    bool ahead = std::any_of(state.migrations.begin(), state.migrations.end(),
                             [](const auto& m) { return m.state == migration_state::unknown; });
    if (ahead) {
        throw failure(exit_code::schema,
                      fmt::format("the schema is ahead of this chatcost: {}", problems.front()),
                      "use the chatcost release that migrated this database (or a newer one)");
    }
    if (!problems.empty()) {
        throw failure(exit_code::schema, fmt::format("the schema is not usable: {}", problems.front()),
                      "see 'chatcost migrate status'; then " + std::string(hint));
    }
    throw failure(exit_code::schema,
                  fmt::format("the schema is not migrated to this chatcost: {}", state.description()), hint);
}

void require_current_schema(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection);
    require_current_schema(tx);
}

}  // namespace chatcost::db
