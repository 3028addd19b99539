// chatcost prices list: the price book as stored in ai_model_prices.

#include "cmd/command.hpp"
#include "ledger/price_book_store.hpp"
#include "migrations/schema_state.hpp"

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
    // Tables stay narrow enough for a terminal; JSON and CSV carry everything.
    const bool with_created = ctx.format != output::format::table;
    std::vector<output::column> columns{
        "provider",          "model",     "input_price", "output_price", "cache_read_price",
        "cache_write_price", "updated_at"};
    if (with_created) columns.emplace_back("created_at");
    auto rows = output::value::rows(std::move(columns));
    for (const auto& row : stored) {
        auto item = output::value::object();
        item.add("provider", output::value::text(row.provider));
        item.add("model", output::value::text(row.model));
        for (auto which : cost::all_categories) {
            item.add(std::string(cost::price_book_column(which)), output::value::price(row.prices[which]));
        }
        item.add("updated_at", output::value::timestamp(row.updated_at));
        if (with_created) item.add("created_at", output::value::timestamp(row.created_at));
        rows.append(std::move(item));
    }
    auto report = output::value::object();
    report.add("count", output::value::count(static_cast<std::int64_t>(stored.size())), "Prices");
    report.add("prices", std::move(rows), "Price book (USD per 1M tokens)");
    return {std::move(report)};
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
    list_cmd->callback(
        [&selected, options] { selected = [options](context& ctx) { return list(ctx, *options); }; });
}

}  // namespace chatcost::commands
