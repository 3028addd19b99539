// chatcost prices history PROVIDER/MODEL: every period of a model's prices, default and custom,
// with how many messages each priced. Joins `prices` (prices.cpp); cli/command_list.cpp lists
// this attach after attach_prices.

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "ledger/price_history_store.hpp"
#include "migrations/schema_state.hpp"
#include "reports/price_history_report.hpp"

namespace chatcost::commands {

namespace {

struct history_options {
    std::string key;  // PROVIDER/MODEL
};

outcome history(context& ctx, const history_options& o) {
    const auto key = split_model_key(o.key);
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    auto periods = db::price_history(connection, key.provider, key.model);
    return {reports::price_history_report(key.provider, key.model, periods)};
}

}  // namespace

void attach_prices_history(CLI::App& parent, runner& selected) {
    auto* prices = parent.get_subcommand("prices");  // throws when the list has it out of order
    auto o = std::make_shared<history_options>();
    auto* history_cmd = add_command(
        *prices, "history",
        "Every period of a model's prices, default and custom, with how many messages each priced "
        "(reads all of chat_messages)",
        "  chatcost prices history openai/gpt-4o\n  chatcost prices history anthropic/claude-sonnet-4 "
        "--format json\n");
    history_cmd->add_option("model", o->key, "PROVIDER/MODEL")->required()->check(model_key_value());
    bind_run(*history_cmd, selected, o, history);
}

}  // namespace chatcost::commands
