#include "ledger/budget_check.hpp"

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "migrations/schema_state.hpp"
#include "util/time_range.hpp"

namespace chatcost::db {

namespace {

using snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

std::string local_time(const pqxx::row& row, const char* micros, const char* offset) {
    return format_rfc3339(row[micros].as<std::int64_t>(),
                          static_cast<std::int32_t>(row[offset].as<std::int64_t>()));
}

budget_status read_status(const pqxx::row& row) {
    budget_status status;
    status.user = {row["user_id"].as<std::string>(), row["username"].as<std::string>(),
                   row["name"].is_null() ? std::string() : row["name"].as<std::string>()};
    status.own_budget = row["own_budget"].as<bool>();
    status.terms.amount_micros = row["amount_micros"].as<std::int64_t>();
    status.terms.period = parse_calendar_unit(row["period"].as<std::string>()).value_or(calendar_unit::month);
    if (!row["soft_percent"].is_null()) status.terms.soft_percent = row["soft_percent"].as<std::int64_t>();
    status.terms.time_zone = row["time_zone"].as<std::string>();
    status.period_start = local_time(row, "period_start_us", "period_start_offset");
    status.period_end = local_time(row, "period_end_us", "period_end_offset");
    const auto start = row["period_start_us"].as<std::int64_t>();
    status.elapsed_micros = row["at_us"].as<std::int64_t>() - start;
    status.period_micros = row["period_end_us"].as<std::int64_t>() - start;
    status.spend_micros = row["spend_micros"].as<std::int64_t>();
    status.priced_messages = row["priced_messages"].as<std::int64_t>();
    status.unpriced_messages = row["unpriced_messages"].as<std::int64_t>();
    status.invalid_messages = row["invalid_messages"].as<std::int64_t>();
    evaluate_budget(status);
    return status;
}

}  // namespace

void evaluate_budget(budget_status& status) {
    const auto budget = status.terms.amount_micros;
    status.spent_per_mille = cost::spent_per_mille(status.spend_micros, budget);
    status.projected_micros =
        cost::projected_spend(status.spend_micros, status.elapsed_micros, status.period_micros);
    status.state = cost::budget_state_of(status.spend_micros, budget, status.terms.soft_percent);
}

budget_check check_budgets(pqxx::connection& connection, const std::optional<std::string>& at) {
    snapshot tx(connection);
    budget_check check;
    auto state = read_schema_state(tx);
    if (!state.current()) require_current_schema(tx);  // throws, naming what is wrong
    check.schema_version = state.version;
    auto rows = tx.exec_params(std::string(query("budget_check")), at);
    for (const auto& row : rows) check.users.push_back(read_status(row));
    // The check's time, also when nobody has a budget: the statement's $1, or the snapshot's now().
    check.at = at ? *at : tx.exec1(std::string(query("budget_check_time")))[0].as<std::string>();
    return check;
}

}  // namespace chatcost::db
