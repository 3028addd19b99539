// chatcost explain: one stored message's cost, component by component, at the price in force at
// its created_at, with its price source and the price behind the stored cost.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cmd/command.hpp"
#include "cost/price_resolution.hpp"
#include "ledger/message_explanation.hpp"
#include "ledger/price_catalog.hpp"
#include "ledger/price_name_suggestions.hpp"
#include "migrations/schema_state.hpp"
#include "reports/explain_report.hpp"
#include "util/failure.hpp"
#include "util/integer_text.hpp"

namespace chatcost::commands {

namespace {

outcome run(context& ctx, const std::string& id_text) {
    auto id = parse_int64(id_text);
    if (!id)
        throw failure(exit_code::usage, fmt::format("'{}' is not a message id", id_text),
                      "ids are whole numbers");
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    pqxx::read_transaction tx(connection);
    auto message = db::read_stored_message(tx, *id);
    if (!message) {
        throw failure(exit_code::invalid_input, fmt::format("no message with id {}", *id),
                      "ids are chat_messages.id");
    }
    // The price in force at created_at, as backfill finds it: the config's catalog entry.
    std::optional<db::price_catalog> catalog;
    const db::priced_config* config = nullptr;
    if (message->config) {
        catalog = db::price_catalog::load(tx, message->config->id);
        config = catalog->find(message->config->id);
    }
    const db::price_in_force in_force = config ? config->at(message->created_at_us) : db::price_in_force{};
    const auto& resolution = in_force.option ? in_force.option->resolution : db::price_catalog::no_config();
    const auto result = cost::price_with(message->usage, resolution);
    // Unpriced for want of a price: the book names this config nearly has, as backfill names them.
    std::vector<db::price_name_suggestion> near_names;
    if (message->config && resolution.status == cost::resolution_status::resolved &&
        resolution.source == cost::price_source::none) {
        near_names = db::read_price_name_suggestions(tx, {message->config->provider, message->config->model});
    }

    outcome done{
        reports::explain_views({*message, config, in_force, resolution, result, std::move(near_names)})};
    done.exact_money = true;  // one message is read to the micro-dollar
    if (result.invalid()) done.code = exit_code::invalid_input;
    return done;
}

}  // namespace

void attach_explain(CLI::App& parent, runner& selected) {
    auto id = std::make_shared<std::string>();
    auto* command =
        add_command(parent, "explain", "One message's cost, component by component, with its price source",
                    "  chatcost explain 812734\n"
                    "  chatcost explain 812734 --format json\n");
    command->add_option("MESSAGE_ID", *id, "chat_messages.id")->required();
    bind_run(*command, selected, id, run);
}

}  // namespace chatcost::commands
