// chatcost prices list: the price book as stored in ai_model_prices, or as it was at a time
// (--at, from the price history). set/unset are prices_custom.cpp, history prices_history.cpp:
// they join `prices` after this (cli/command_list.cpp).

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "ledger/price_book_store.hpp"
#include "migrations/schema_state.hpp"
#include "reports/price_list_report.hpp"

namespace chatcost::commands {

namespace {

struct list_options {
    std::optional<std::string> provider;
    std::optional<std::string> model;
    std::optional<std::string> at;  // UTC RFC 3339 (instant_value)
};

outcome list(context& ctx, const list_options& options) {
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    auto stored = options.at ? db::list_prices_at(connection, options.provider, options.model, *options.at)
                             : db::list_prices(connection, options.provider, options.model);
    return {reports::price_list_report(stored, options.at)};
}

}  // namespace

void attach_prices(CLI::App& parent, runner& selected) {
    auto* prices = add_command(parent, "prices", "The price book as stored in the database",
                               "  chatcost prices list\n"
                               "  chatcost prices list --provider anthropic\n"
                               "  chatcost prices set openai/gpt-4o --input-price 2 --output-price 8\n"
                               "  chatcost prices history openai/gpt-4o\n");
    prices->require_subcommand(1);
    auto options = std::make_shared<list_options>();
    auto* list_cmd =
        add_command(*prices, "list",
                    "Stored prices: USD per 1M tokens in tables, integer micro-dollars per 1M tokens "
                    "in JSON and CSV; unknown = NULL",
                    "  chatcost prices list\n"
                    "  chatcost prices list --provider openai --model gpt-4o\n"
                    "  chatcost prices list --format csv > prices.csv\n"
                    "  chatcost prices list --at 2026-01-01\n");
    list_cmd->add_option("--provider", options->provider, "Only this provider (exact id)");
    list_cmd->add_option("--model", options->model, "Only this model (exact id)");
    list_cmd
        ->add_option("--at", options->at,
                     "The book as it was at this time, from the price history: YYYY-MM-DD (UTC) or RFC 3339")
        ->transform(instant_value());
    bind_run(*list_cmd, selected, options, list);
}

}  // namespace chatcost::commands
