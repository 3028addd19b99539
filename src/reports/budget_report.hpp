#pragma once
// `chatcost budget` as reports: what set and unset did, the list of budgets, and the check.
// The check's JSON (docs/json-output.md, output_version 1) lists the users over a threshold
// (every user with `--all`) and one event per user over a threshold for alerting
// (`budget_exceeded`, `budget_soft_exceeded`); CSV is the users' list; people get a table whose
// percentages and projections read at a glance, and a note when spend is a lower bound.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ledger/budget_check.hpp"
#include "ledger/budget_store.hpp"
#include "output/report_views.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// The JSON shape of `budget check`; 1: issue 19.
inline constexpr std::int64_t budget_check_output_version = 1;

// Who a budget is for: the default budget (user nullopt) or a user's.
output::report_views budget_set_report(const std::optional<ledger::user_identity>& user,
                                       const db::budget_terms& terms, db::budget_write write);
output::report_views budget_unset_report(const std::optional<ledger::user_identity>& user);
output::report_views budget_list_report(const std::vector<db::stored_budget>& budgets);

// `all`: list every user with a budget, not only those over a threshold.
output::report_views budget_check_report(const db::budget_check& check, bool all);

// The users over a threshold, as the events a log collector reads: the event's name
// ("budget_exceeded", "budget_soft_exceeded") and its fields (without "event").
struct budget_event {
    std::string name;
    output::value fields;
};
std::vector<budget_event> budget_events(const db::budget_check& check);

struct budget_tally {
    std::int64_t over = 0;
    std::int64_t soft = 0;
    std::int64_t with_unpriced = 0;  // users whose period holds unpriced messages
};
budget_tally tally_budgets(const db::budget_check& check);

// For stderr: "2 users over their budget, 1 past the soft threshold" (nullopt: nobody), and the
// note when spend leaves unpriced messages out (nullopt: none).
std::optional<std::string> budget_alert_line(const budget_tally& tally);
std::optional<std::string> budget_unpriced_note(const budget_tally& tally);

}  // namespace chatcost::reports
