// chatcost budget set|unset|list: spend budgets per user, and the default one for every user
// without their own (ledger/budget_store.hpp, migration 0014). `budget check` joins the same
// command from budget_check.cpp; cli/command_list.cpp lists that attach after this one.

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "cost/budget_arithmetic.hpp"
#include "ledger/budget_store.hpp"
#include "migrations/schema_state.hpp"
#include "reports/budget_report.hpp"
#include "util/failure.hpp"

namespace chatcost::commands {

namespace {

struct budget_options {
    bool default_budget = false;
    std::optional<std::string> user;  // NAME or ID
    std::string amount;               // dollars, checked by amount_value
    std::string period = "month";
    std::optional<std::int64_t> soft_percent;
    std::string timezone = "UTC";
};

// AMOUNT: exact dollars (cost/budget_arithmetic.hpp), refused with the text and why (exit 2).
CLI::Validator amount_value() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            auto micros = cost::parse_dollar_amount(text);
            return micros ? std::string() : micros.error();
        },
        "DOLLARS");
}

// Exactly one of --default and --user (exit 2, before any connection).
void require_one_scope(const budget_options& o) {
    if (o.default_budget == o.user.has_value())
        throw failure(exit_code::usage, "give --default or --user NAME|ID (one of them)");
}

// The user a --user names, or nullopt for --default.
std::optional<ledger::user_identity> scope_of(context& ctx, const budget_options& o, bool gone_ids_allowed) {
    if (!o.user) return std::nullopt;
    return db::find_budget_user(ctx.session.connection(), *o.user, gone_ids_allowed);
}

std::optional<std::string> user_id_of(const std::optional<ledger::user_identity>& user) {
    return user ? std::optional(user->id) : std::nullopt;
}

outcome set(context& ctx, const budget_options& o) {
    db::budget_terms terms;
    terms.amount_micros = cost::parse_dollar_amount(o.amount).value();  // checked by amount_value
    terms.period = db::parse_calendar_unit(o.period).value();           // checked by IsMember
    terms.soft_percent = o.soft_percent;
    require_one_scope(o);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    terms.time_zone = db::canonical_budget_zone(connection, o.timezone);
    const auto user = scope_of(ctx, o, false);
    const auto write = db::set_budget(connection, user_id_of(user), terms);
    return {reports::budget_set_report(user, terms, write)};
}

outcome unset(context& ctx, const budget_options& o) {
    require_one_scope(o);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    const auto user = scope_of(ctx, o, true);  // a user deleted since: by id
    if (!db::unset_budget(connection, user_id_of(user))) {
        throw failure(exit_code::invalid_input,
                      user ? "no budget for user '" + *o.user + "'" : std::string("no default budget"),
                      "'chatcost budget list' shows the budgets");
    }
    return {reports::budget_unset_report(user)};
}

outcome list(context& ctx, const budget_options&) {
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    return {reports::budget_list_report(db::list_budgets(connection))};
}

void add_scope_flags(CLI::App& command, budget_options& o) {
    // Not CLI11's excludes(): --help would show "--default Excludes: --user", which reads as a value.
    command.add_flag("--default", o.default_budget, "The default budget, for every user without their own");
    command.add_option("--user", o.user, "A user's own budget, which beats the default")
        ->check(text_value("a username or a user id", false))
        ->option_text("NAME|ID");
}

}  // namespace

void attach_budget(CLI::App& parent, runner& selected) {
    auto* budget =
        add_command(parent, "budget", "Spend budgets per user and calendar period, checked from cron",
                    "  chatcost budget set --default 50 --soft 80\n"
                    "  chatcost budget set --user alice 120 --period week --timezone Europe/Paris\n"
                    "  chatcost budget list\n"
                    "  chatcost budget check --quiet      # daily cron: exit 3 when someone is over\n");
    budget->require_subcommand(1);

    auto set_o = std::make_shared<budget_options>();
    auto* set_cmd =
        add_command(*budget, "set", "Set a budget (replaces the whole budget of that user or the default)",
                    "  chatcost budget set --default 50                 # $50 a month, UTC\n"
                    "  chatcost budget set --user alice '$12.50' --period day --soft 80\n");
    add_scope_flags(*set_cmd, *set_o);
    set_cmd->add_option("amount", set_o->amount, "Dollars per period, exact: 12.50 or $12.50 (above 0)")
        ->required()
        ->check(amount_value());
    set_cmd->add_option("--period", set_o->period, "The calendar period: day, week (from Monday) or month")
        ->check(CLI::IsMember({"day", "week", "month"}))
        ->option_text("day|week|month")
        ->capture_default_str();
    set_cmd->add_option("--soft", set_o->soft_percent, "Soft threshold: warn from this percent of the budget")
        ->check(whole_number(1, 100))
        ->option_text("PERCENT");
    set_cmd->add_option("--timezone", set_o->timezone, "IANA time zone whose midnights start the periods")
        ->check(text_value("an IANA time zone", false))
        ->option_text("TZ")
        ->capture_default_str();
    bind_run(*set_cmd, selected, set_o, writes("budget set", set));

    auto unset_o = std::make_shared<budget_options>();
    auto* unset_cmd =
        add_command(*budget, "unset", "Remove a budget (a user without one falls back to the default)",
                    "  chatcost budget unset --user alice\n"
                    "  chatcost budget unset --default\n");
    add_scope_flags(*unset_cmd, *unset_o);
    bind_run(*unset_cmd, selected, unset_o, writes("budget unset", unset));

    auto list_o = std::make_shared<budget_options>();
    auto* list_cmd = add_command(*budget, "list", "Every budget: the default first, then by username",
                                 "  chatcost budget list --format csv\n");
    bind_run(*list_cmd, selected, list_o, list);
}

}  // namespace chatcost::commands
