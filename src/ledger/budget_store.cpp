#include "ledger/budget_store.hpp"

#include <cctype>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "ledger/cost_reports.hpp"
#include "ledger/like_pattern.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

std::string did_you_mean(pqxx::transaction_base& tx, const std::string& text) {
    std::vector<std::string> names;
    for (const auto& row :
         tx.exec_params(std::string(query("budget_user_suggestions")), text, contains_pattern(text)))
        names.push_back(fmt::format("'{}'", row[0].as<std::string>()));
    if (names.empty()) return "run 'chatcost rollup --search TEXT' to find users by name";
    return fmt::format("did you mean {}? ('chatcost rollup --search TEXT' finds users by name)",
                       fmt::join(names, ", "));
}

}  // namespace

std::optional<calendar_unit> parse_calendar_unit(std::string_view name) {
    for (auto unit : {calendar_unit::day, calendar_unit::week, calendar_unit::month}) {
        if (calendar_unit_name(unit) == name) return unit;
    }
    return std::nullopt;
}

ledger::user_identity find_budget_user(pqxx::connection& connection, const std::string& text,
                                       bool gone_ids_allowed) {
    pqxx::read_transaction tx(connection);
    std::optional<std::string> id;
    if (looks_like_uuid(text)) id = text;
    auto rows = tx.exec_params(std::string(query("report_user")), text, id);
    if (!rows.empty()) {
        return {rows[0]["id"].as<std::string>(), rows[0]["username"].as<std::string>(),
                rows[0]["name"].as<std::string>()};
    }
    if (gone_ids_allowed && id) {
        // PostgreSQL's spelling of a uuid, as budget_list shows it: lower case.
        std::string lower;
        for (unsigned char c : *id) lower += static_cast<char>(std::tolower(c));
        return {lower, {}, {}};
    }
    throw failure(exit_code::invalid_input,
                  fmt::format("--user: unknown user '{}': no such username or user id", text),
                  did_you_mean(tx, text));
}

std::string canonical_budget_zone(pqxx::connection& connection, const std::string& name) {
    if (name == "UTC") return name;  // spare the look-up in pg_timezone_names (some 30 ms)
    pqxx::read_transaction tx(connection);
    auto rows = tx.exec_params(std::string(query("report_timezone")), name);
    if (rows.empty()) {
        throw failure(exit_code::usage, fmt::format("--timezone: unknown time zone '{}'", name),
                      "give an IANA name such as UTC, Europe/Paris or America/New_York "
                      "(SELECT name FROM pg_timezone_names lists them)");
    }
    return rows[0][0].as<std::string>();
}

std::string_view budget_write_name(budget_write write) noexcept {
    switch (write) {
        case budget_write::created:
            return "created";
        case budget_write::replaced:
            return "replaced";
        case budget_write::unchanged:
            return "unchanged";
    }
    return "unchanged";
}

budget_write set_budget(pqxx::connection& connection, const std::optional<std::string>& user_id,
                        const budget_terms& terms) {
    pqxx::work tx(connection);
    auto rows =
        tx.exec_params(std::string(query("budget_set")), user_id, terms.amount_micros,
                       std::string(calendar_unit_name(terms.period)), terms.soft_percent, terms.time_zone);
    tx.commit();
    if (rows.empty()) return budget_write::unchanged;
    return rows[0]["created"].as<bool>() ? budget_write::created : budget_write::replaced;
}

bool unset_budget(pqxx::connection& connection, const std::optional<std::string>& user_id) {
    pqxx::work tx(connection);
    auto rows = tx.exec_params(std::string(query("budget_unset")), user_id);
    tx.commit();
    return !rows.empty();
}

std::vector<stored_budget> list_budgets(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection);
    std::vector<stored_budget> budgets;
    for (const auto& row : tx.exec(std::string(query("budget_list")))) {
        stored_budget budget;
        budget.user_id = optional_text(row["user_id"]);
        budget.username = optional_text(row["username"]);
        budget.name = optional_text(row["name"]);
        budget.user_missing = row["user_missing"].as<bool>();
        budget.terms.amount_micros = row["amount_micros"].as<std::int64_t>();
        budget.terms.period =
            parse_calendar_unit(row["period"].as<std::string>()).value_or(calendar_unit::month);
        if (!row["soft_percent"].is_null())
            budget.terms.soft_percent = row["soft_percent"].as<std::int64_t>();
        budget.terms.time_zone = row["time_zone"].as<std::string>();
        budget.updated_at = row["updated_at"].as<std::string>();
        budgets.push_back(std::move(budget));
    }
    return budgets;
}

}  // namespace chatcost::db
