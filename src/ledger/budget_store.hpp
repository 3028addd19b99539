#pragma once
// Spend budgets as stored (chatcost_budgets, migration 0014): made, replaced, removed and listed
// by `chatcost budget set|unset|list`. A budget belongs to one user, or is the default that
// applies to every user without one of their own; budget_check.hpp reads them against spend.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pqxx/connection>

#include "ledger/report_range.hpp"
#include "ledger/usage_report.hpp"

namespace chatcost::db {

// What a budget says: micro-dollars (above 0) per calendar period of its zone, and the soft
// threshold in whole percent (1 to 100) if any.
struct budget_terms {
    std::int64_t amount_micros = 0;
    calendar_unit period = calendar_unit::month;
    std::optional<std::int64_t> soft_percent;
    std::string time_zone = "UTC";  // IANA, as the database spells it once stored
};

// "day", "week", "month" back to the unit; nullopt for anything else.
std::optional<calendar_unit> parse_calendar_unit(std::string_view name);

// The user a --user NAME|ID names (an id match wins over a username that looks like one).
// Unknown: failure(invalid_input, exit 6) with up to three usernames that nearly match as
// "did you mean". With `gone_ids_allowed`, a UUID that names no user is taken as it is (to
// unset the budget of a user deleted since): the identity then has that id and empty names.
ledger::user_identity find_budget_user(pqxx::connection& connection, const std::string& text,
                                       bool gone_ids_allowed = false);

// The zone as the database spells it ("europe/paris" -> "Europe/Paris"); one unknown to
// pg_timezone_names: failure(usage) naming --timezone.
std::string canonical_budget_zone(pqxx::connection& connection, const std::string& name);

enum class budget_write { created, replaced, unchanged };
std::string_view budget_write_name(budget_write write) noexcept;  // "created", ...

// The budget of `user_id` (nullopt: the default) made or replaced whole, in one statement; a
// budget set as it already is writes nothing.
budget_write set_budget(pqxx::connection& connection, const std::optional<std::string>& user_id,
                        const budget_terms& terms);

// Removes it; false when there was none.
bool unset_budget(pqxx::connection& connection, const std::optional<std::string>& user_id);

struct stored_budget {
    std::optional<std::string> user_id;   // nullopt: the default budget
    std::optional<std::string> username;  // nullopt for the default, and for a user gone since
    std::optional<std::string> name;
    bool user_missing = false;  // a user's budget whose user is no longer in users
    budget_terms terms;
    std::string updated_at;  // RFC 3339, UTC
};

// Every budget: the default first, then by username.
std::vector<stored_budget> list_budgets(pqxx::connection& connection);

}  // namespace chatcost::db
