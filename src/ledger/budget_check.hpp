#pragma once
// `chatcost budget check`: every user with a budget (their own, else the default) and what they
// spent in the current calendar period of that budget, read in one statement
// (sql/queries/budget_check.sql) through the ledger's chatcost_usage, grouped per owner: a
// check over 10,000 users reads the ledger's folded hours, not every message. The share spent,
// the projection and the state are worked out here by cost/budget_arithmetic.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "cost/budget_arithmetic.hpp"
#include "ledger/budget_store.hpp"
#include "ledger/usage_report.hpp"

namespace chatcost::db {

struct budget_status {
    ledger::user_identity user;
    bool own_budget = false;  // false: the default budget applies
    budget_terms terms;
    // The period that holds the check's time, [period_start, period_end), and the spend in
    // [period_start, at). RFC 3339 in the budget's zone.
    std::string period_start;
    std::string period_end;
    std::int64_t elapsed_micros = 0;
    std::int64_t period_micros = 0;
    std::int64_t spend_micros = 0;  // priced messages only: a lower bound when unpriced_messages > 0
    std::int64_t priced_messages = 0;
    std::int64_t unpriced_messages = 0;
    std::int64_t invalid_messages = 0;
    std::int64_t spent_per_mille = 0;  // tenths of a percent of the budget, rounded down
    std::int64_t projected_micros = 0;
    cost::budget_state state = cost::budget_state::ok;
};

struct budget_check {
    std::optional<std::int64_t> schema_version;
    std::string at;                    // the check's time, RFC 3339 UTC
    std::vector<budget_status> users;  // every user with a budget, by username
};

// `at`: an instant as `instant_value` rewrote it (UTC RFC 3339), or nullopt for now. One
// read-only snapshot; the schema must be current (exit 7).
budget_check check_budgets(pqxx::connection& connection, const std::optional<std::string>& at);

// The figures worked out from the row's: share, projection, state. Pure.
void evaluate_budget(budget_status& status);

}  // namespace chatcost::db
