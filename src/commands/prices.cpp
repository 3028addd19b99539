// chatcost prices list: the price book as stored in ai_model_prices.

#include "cmd/command.hpp"
#include "ledger/price_book_store.hpp"
#include "migrations/schema_state.hpp"
#include "reports/price_list_report.hpp"

namespace chatcost::commands {

namespace {

struct list_options {
    std::optional<std::string> provider;
    std::optional<std::string> model;
};

outcome list(context& ctx, const list_options& options) {
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    auto stored = db::list_prices(connection, options.provider, options.model);
    return {reports::price_list_report(stored)};
}

}  // namespace

void attach_prices(CLI::App& parent, runner& selected) {
    auto* prices = add_command(parent, "prices", "The price book as stored in the database",
                               "  chatcost prices list\n"
                               "  chatcost prices list --provider anthropic\n");
    prices->require_subcommand(1);
    auto options = std::make_shared<list_options>();
    auto* list_cmd =
        add_command(*prices, "list",
                    "Stored prices: USD per 1M tokens in tables, integer micro-dollars per 1M tokens "
                    "in JSON and CSV; unknown = NULL",
                    "  chatcost prices list\n"
                    "  chatcost prices list --provider openai --model gpt-4o\n"
                    "  chatcost prices list --format csv > prices.csv\n");
    list_cmd->add_option("--provider", options->provider, "Only this provider (exact id)");
    list_cmd->add_option("--model", options->model, "Only this model (exact id)");
    bind_run(*list_cmd, selected, options, list);
}

}  // namespace chatcost::commands
