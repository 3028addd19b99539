// chatcost prices set|unset: an operator's custom price, which beats the default one and which
// `seed apply` never changes. Each is one transaction through ai_model_prices, whose trigger
// records the period (ledger/price_history_store.hpp). Joins `prices` (prices.cpp) as its
// subcommands; cli/command_list.cpp lists this attach after attach_prices.

#include <chrono>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "ledger/price_history_store.hpp"
#include "ledger/required_privileges.hpp"
#include "migrations/schema_state.hpp"
#include "pricebook/custom_entry.hpp"
#include "reports/custom_price_flags.hpp"
#include "reports/estimate_prices.hpp"
#include "reports/price_history_report.hpp"
#include "reports/seed_report.hpp"
#include "util/time_range.hpp"

namespace chatcost::commands {

namespace {

struct custom_options {
    std::string key;  // PROVIDER/MODEL
    reports::custom_price_flags flags;
    std::optional<std::string> effective_from;  // UTC RFC 3339 (instant_value)
    std::optional<std::string> note;
};

std::string effective_time(const std::optional<std::string>& flag) {
    if (flag) return *flag;
    const auto now = std::chrono::duration_cast<std::chrono::microseconds>(
        std::chrono::system_clock::now().time_since_epoch());
    return format_rfc3339(now.count(), 0);
}

outcome set(context& ctx, const custom_options& o) {
    const auto key = split_model_key(o.key);
    auto prices = reports::parse_custom_price_flags(o.flags);  // exit 2 before any connection
    auto entry =
        pricebook::custom_entry({key.provider, key.model, prices.prices, prices.reasoning, prices.tiers});
    if (!entry.problems.empty()) throw reports::invalid_input("the price of " + o.key, entry.problems);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    db::require_privileges(connection, "prices set", db::custom_price_privileges());
    const auto from = effective_time(o.effective_from);
    const bool changed = db::set_custom_price(connection, entry.book_json, from, o.note);
    return {reports::custom_price_set_report(key.provider, key.model, from, changed)};
}

outcome unset(context& ctx, const custom_options& o) {
    const auto key = split_model_key(o.key);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    db::require_privileges(connection, "prices unset", db::custom_price_privileges());
    const auto until = effective_time(o.effective_from);
    auto outcome = db::unset_custom_price(connection, key.provider, key.model, until);
    return {reports::custom_price_unset_report(key.provider, key.model, until, outcome)};
}

void add_effective_from(CLI::App& cmd, custom_options& o, const char* what) {
    cmd.add_option("--effective-from", o.effective_from, what)->transform(instant_value());
}

}  // namespace

void attach_prices_custom(CLI::App& parent, runner& selected) {
    auto* prices = parent.get_subcommand("prices");  // throws when the list has it out of order
    auto set_o = std::make_shared<custom_options>();
    auto* set_cmd =
        add_command(*prices, "set",
                    "Set a custom price (USD per 1M tokens): it beats the default one, seed apply never "
                    "changes it; the price history records it",
                    "  chatcost prices set openai/gpt-4o --input-price 2 --output-price 8\n"
                    "  chatcost prices set anthropic/claude-sonnet-4 --input-price 2.5 --output-price 12 \\\n"
                    "      --tier 200000:5,18 --effective-from 2026-01-01 --note 'contract 2026'\n");
    set_cmd->add_option("model", set_o->key, "PROVIDER/MODEL")->required()->check(model_key_value());
    for (auto which : cost::all_categories) {
        const bool needed = which == cost::category::input || which == cost::category::output;
        auto* flag =
            set_cmd->add_option(reports::price_flag(which), set_o->flags.prices[which],
                                needed ? "USD per 1M tokens" : "USD per 1M tokens (left out: unknown)");
        if (needed) flag->required();
    }
    set_cmd->add_option("--reasoning-price", set_o->flags.reasoning,
                        "USD per 1M reasoning tokens (left out: priced as output)");
    set_cmd
        ->add_option("--tier", set_o->flags.tiers,
                     "A long-context tier, as estimate's --context-tiers: SIZE:INPUT,OUTPUT,...")
        ->option_text("SPEC");
    add_effective_from(*set_cmd, *set_o, "When it takes effect (default: now): YYYY-MM-DD (UTC) or RFC 3339");
    set_cmd->add_option("--note", set_o->note, "Why: kept with the period")
        ->check(text_value("a note", false));
    bind_run(*set_cmd, selected, set_o, writes("prices set", set));

    auto unset_o = std::make_shared<custom_options>();
    auto* unset_cmd = add_command(*prices, "unset", "End a custom price: the default one is in force again",
                                  "  chatcost prices unset openai/gpt-4o\n"
                                  "  chatcost prices unset openai/gpt-4o --effective-from 2026-06-01\n");
    unset_cmd->add_option("model", unset_o->key, "PROVIDER/MODEL")->required()->check(model_key_value());
    add_effective_from(*unset_cmd, *unset_o, "When it ends (default: now): YYYY-MM-DD (UTC) or RFC 3339");
    bind_run(*unset_cmd, selected, unset_o, writes("prices unset", unset));
}

}  // namespace chatcost::commands
