#include "reports/budget_report.hpp"

#include <fmt/format.h>

namespace chatcost::reports {

namespace {

using output::value;

std::string plural(std::int64_t count, const char* one, const char* many) {
    return fmt::format("{} {}", count, count == 1 ? one : many);
}

value soft_value(const std::optional<std::int64_t>& percent) {
    return value::integer(percent);
}

void add_scope(value& report, const std::optional<ledger::user_identity>& user) {
    report.add("scope", value::text(user ? "user" : "default"));
    report.add("user_id", user ? value::text(user->id) : value::null());
    report.add("username", user && !user->username.empty() ? value::text(user->username) : value::null());
}

void add_terms(value& row, const db::budget_terms& terms) {
    row.add("budget_micros", value::money(terms.amount_micros), "Budget");
    row.add("period", value::text(db::calendar_unit_name(terms.period)));
    row.add("soft_percent", soft_value(terms.soft_percent), "Soft %");
    row.add("timezone", value::text(terms.time_zone), "Time zone");
}

std::vector<output::column> status_columns() {
    return {"user_id",
            "username",
            "name",
            "budget_scope",
            "budget_micros",
            "period",
            "timezone",
            "period_start",
            "period_end",
            "spend_micros",
            "percent",
            "soft_percent",
            "projected_micros",
            "unpriced_messages",
            "invalid_messages",
            "state"};
}

value status_row(const db::budget_status& status, bool for_people) {
    auto row = value::object();
    row.add("user_id", value::text(status.user.id));
    row.add("username", value::text(status.user.username));
    row.add("name", value::text(status.user.name));
    row.add("budget_scope", value::text(status.own_budget ? "user" : "default"), "Budget of");
    row.add("budget_micros", value::money(status.terms.amount_micros), "Budget");
    row.add("period", value::text(db::calendar_unit_name(status.terms.period)));
    row.add("timezone", value::text(status.terms.time_zone), "Time zone");
    row.add("period_start", value::timestamp(status.period_start));
    row.add("period_end", value::timestamp(status.period_end));
    row.add("spend_micros", value::money(status.spend_micros), "Spend");
    auto percent = cost::per_mille_text(status.spent_per_mille);
    row.add("percent", for_people ? value::text(percent + "%") : value::decimal(percent), "Spent");
    row.add("soft_percent", soft_value(status.terms.soft_percent), "Soft %");
    row.add("projected_micros", value::money(status.projected_micros), "Projected");
    row.add("unpriced_messages", value::count(status.unpriced_messages), "Unpriced");
    row.add("invalid_messages", value::count(status.invalid_messages), "Invalid");
    row.add("state", value::text(cost::budget_state_name(status.state)));
    return row;
}

// People read who, how much of what, and where it is heading; the rest is in JSON.
value people_row(const db::budget_status& status) {
    auto row = value::object();
    row.add("username", value::text(status.user.username), "User");
    row.add("budget_micros", value::money(status.terms.amount_micros), "Budget");
    row.add("period", value::text(fmt::format("{} from {}", db::calendar_unit_name(status.terms.period),
                                              status.period_start.substr(0, 10))));
    row.add("spend_micros", value::money(status.spend_micros), "Spend");
    row.add("percent", value::text(cost::per_mille_text(status.spent_per_mille) + "%"), "Spent");
    row.add("projected_micros", value::money(status.projected_micros), "Projected");
    row.add("unpriced_messages", value::count(status.unpriced_messages), "Unpriced");
    row.add("state", value::text(cost::budget_state_name(status.state)), "State");
    return row;
}

value event_fields(const db::budget_status& status) {
    auto fields = value::object();
    fields.add("user_id", value::text(status.user.id));
    fields.add("username", value::text(status.user.username));
    fields.add("spend_micros", value::integer(status.spend_micros));
    fields.add("budget_micros", value::integer(status.terms.amount_micros));
    fields.add("percent", value::decimal(cost::per_mille_text(status.spent_per_mille)));
    fields.add("soft_percent", soft_value(status.terms.soft_percent));
    fields.add("period", value::text(db::calendar_unit_name(status.terms.period)));
    fields.add("period_start", value::timestamp(status.period_start));
    fields.add("period_end", value::timestamp(status.period_end));
    fields.add("projected_micros", value::integer(status.projected_micros));
    fields.add("unpriced_messages", value::integer(status.unpriced_messages));
    return fields;
}

const char* event_name(cost::budget_state state) {
    return state == cost::budget_state::over ? "budget_exceeded" : "budget_soft_exceeded";
}

value check_value(const db::budget_check& check, bool all, bool for_people) {
    const auto tally = tally_budgets(check);
    auto report = value::object();
    if (!for_people) report.add("output_version", value::integer(budget_check_output_version));
    report.add("schema_version", value::integer(check.schema_version));
    report.add("at", value::timestamp(check.at), "Checked at");
    report.add("users_checked", value::count(static_cast<std::int64_t>(check.users.size())),
               "Users with a budget");
    report.add("users_over", value::count(tally.over), "Over budget");
    report.add("users_soft", value::count(tally.soft), "Past the soft threshold");
    report.add("users_with_unpriced", value::count(tally.with_unpriced), "With unpriced messages");
    auto rows = for_people ? value::rows({{"username", "User"},
                                          {"budget_micros", "Budget"},
                                          {"period", "Period"},
                                          {"spend_micros", "Spend"},
                                          {"percent", "Spent"},
                                          {"projected_micros", "Projected"},
                                          {"unpriced_messages", "Unpriced"},
                                          {"state", "State"}})
                           : value::rows(status_columns());
    for (const auto& status : check.users) {
        if (!all && status.state == cost::budget_state::ok) continue;
        rows.append(for_people ? people_row(status) : status_row(status, false));
    }
    report.add("users", std::move(rows), all ? "Users with a budget" : "Users over a threshold");
    if (!for_people) {
        auto events = value::array();
        for (auto& event : budget_events(check)) {
            auto item = value::object();
            item.add("event", value::text(event.name));
            for (const auto& field : event.fields.members()) item.add(field.key, field.item);
            events.append(std::move(item));
        }
        report.add("events", std::move(events));
    }
    return report;
}

}  // namespace

output::report_views budget_set_report(const std::optional<ledger::user_identity>& user,
                                       const db::budget_terms& terms, db::budget_write write) {
    auto report = value::object();
    add_scope(report, user);
    add_terms(report, terms);
    report.add("result", value::text(db::budget_write_name(write)));
    return output::report_views(std::move(report));
}

output::report_views budget_unset_report(const std::optional<ledger::user_identity>& user) {
    auto report = value::object();
    add_scope(report, user);
    report.add("result", value::text("removed"));
    return output::report_views(std::move(report));
}

output::report_views budget_list_report(const std::vector<db::stored_budget>& budgets) {
    auto rows = value::rows({"scope", "user_id", "username", "name", "user_missing", "budget_micros",
                             "period", "soft_percent", "timezone", "updated_at"});
    for (const auto& budget : budgets) {
        auto row = value::object();
        row.add("scope", value::text(budget.user_id ? "user" : "default"));
        row.add("user_id", value::text(budget.user_id));
        row.add("username", value::text(budget.username));
        row.add("name", value::text(budget.name));
        row.add("user_missing", value::boolean(budget.user_missing), "User gone");
        add_terms(row, budget.terms);
        row.add("updated_at", value::timestamp(budget.updated_at));
        rows.append(std::move(row));
    }
    return output::report_views(value::object({{"budgets", std::move(rows), "Budgets"}}));
}

output::report_views budget_check_report(const db::budget_check& check, bool all) {
    output::report_views views(check_value(check, all, false));
    views.for_people(check_value(check, all, true));
    return views;
}

std::vector<budget_event> budget_events(const db::budget_check& check) {
    std::vector<budget_event> events;
    for (const auto& status : check.users) {
        if (status.state == cost::budget_state::ok) continue;
        events.push_back({event_name(status.state), event_fields(status)});
    }
    return events;
}

budget_tally tally_budgets(const db::budget_check& check) {
    budget_tally tally;
    for (const auto& status : check.users) {
        if (status.state == cost::budget_state::over) ++tally.over;
        if (status.state == cost::budget_state::soft) ++tally.soft;
        if (status.unpriced_messages > 0) ++tally.with_unpriced;
    }
    return tally;
}

std::optional<std::string> budget_alert_line(const budget_tally& tally) {
    if (tally.over == 0 && tally.soft == 0) return std::nullopt;
    if (tally.soft == 0) return plural(tally.over, "user over their budget", "users over their budget");
    if (tally.over == 0)
        return plural(tally.soft, "user past the soft threshold", "users past the soft threshold");
    return fmt::format("{} over their budget, {} past the soft threshold",
                       plural(tally.over, "user", "users"), tally.soft);
}

std::optional<std::string> budget_unpriced_note(const budget_tally& tally) {
    if (tally.with_unpriced == 0) return std::nullopt;
    return fmt::format(
        "{} unpriced messages in the period, not in the spend (a lower bound): "
        "'chatcost unpriced' says why and what fixes it",
        tally.with_unpriced == 1 ? "1 user has" : fmt::format("{} users have", tally.with_unpriced));
}

}  // namespace chatcost::reports
