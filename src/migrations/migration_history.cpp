#include "migrations/migration_history.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

namespace {

// libpqxx 6.4 as packaged has no field::get<T>() (it needs PQXX_HAVE_OPTIONAL).
template <typename T>
std::optional<T> optional_field(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<T>(field.as<T>());
}

}  // namespace

std::string migration_record::label() const {
    return fmt::format("{:04}_{}", version, name);
}

migration_history read_migration_history(pqxx::transaction_base& tx) {
    migration_history history;
    history.exists = tx.exec1(std::string(query("bookkeeping_exists")))[0].as<bool>();
    if (!history.exists) return history;
    for (const auto& row : tx.exec(std::string(query("migrations_recorded")))) {
        history.records.push_back({
            row["version"].as<std::int64_t>(),
            row["name"].as<std::string>(),
            row["checksum"].as<std::string>(),
            row["state"].as<std::string>() == "failed",
            row["applied_at"].as<std::string>(),
            optional_field<std::int64_t>(row["duration_ms"]),
            optional_field<std::int64_t>(row["failed_statement"]),
            optional_field<std::string>(row["sqlstate"]),
            optional_field<std::string>(row["error"]),
            row["state"].as<std::string>() == "adopted",
        });
    }
    return history;
}

void record_applied(pqxx::transaction_base& tx, const migration& m, std::int64_t duration_ms) {
    tx.exec_params0(std::string(query("migration_record_applied")), m.version, m.name, m.checksum,
                    duration_ms);
}

void record_adopted(pqxx::transaction_base& tx, const migration& m) {
    tx.exec_params0(std::string(query("migration_record_adopted")), m.version, m.name, m.checksum);
}

void record_failed(pqxx::transaction_base& tx, const migration& m, std::int64_t duration_ms,
                   const statement_failure& failure) {
    tx.exec_params0(std::string(query("migration_record_failed")), m.version, m.name, m.checksum, duration_ms,
                    failure.statement, failure.sqlstate, failure.message);
}

void forget_migration(pqxx::transaction_base& tx, std::int64_t version) {
    tx.exec_params0(std::string(query("migration_forget")), version);
}

}  // namespace chatcost::db
