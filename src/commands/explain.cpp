// chatcost explain: one stored message's cost, component by component, at the price in force at
// its created_at, with its price source and the price behind the stored cost.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cmd/command.hpp"
#include "cost/price_resolution.hpp"
#include "ledger/message_explanation.hpp"
#include "ledger/price_catalog.hpp"
#include "migrations/schema_state.hpp"
#include "reports/cost_breakdown.hpp"
#include "reports/price_provenance.hpp"
#include "util/failure.hpp"
#include "util/integer_text.hpp"

namespace chatcost::commands {

namespace {

using output::value;

// Where the prices came from, for people and scripts: the config and its key form, or the
// price book row consulted for the config's model.
value source_fields(const db::stored_message& message, const cost::price_resolution& resolution) {
    auto source = value::object();
    source.add("price_source", value::text(cost::name(resolution.source)));
    std::string description;
    switch (resolution.source) {
        case cost::price_source::config_nested:
            description = "model config, options->'cost' keys";
            break;
        case cost::price_source::config_legacy:
            description = "model config, top-level (legacy) option keys";
            break;
        case cost::price_source::config_mixed:
            description = "model config, nested and legacy keys";
            break;
        case cost::price_source::price_book:
            description = fmt::format("price book row {} (the config sets no price)", resolution.source_key);
            break;
        case cost::price_source::none:
            description = !message.config ? "none: the message has no model config"
                          : resolution.status == cost::resolution_status::invalid
                              ? "model config (invalid)"
                              : fmt::format("none: the config sets no price and the price book has no row {}",
                                            resolution.source_key);
            break;
    }
    source.add("price_source_description", value::text(description), "Price from");
    return source;
}

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
    auto result = cost::price_with(message->usage, resolution);

    auto report = value::object();
    report.add("message_id", value::integer(message->id), "Message");
    report.add("chat_id", value::text(message->chat_id), "Chat");
    report.add("created_at", value::timestamp(message->created_at));
    report.add("role", value::text(message->role));
    report.add("model_config_id", value::text(message->model_config_id), "Model config");
    report.add("provider",
               value::text(message->config ? std::optional(message->config->provider) : std::nullopt));
    report.add("model", value::text(message->config ? std::optional(message->config->model) : std::nullopt));
    // Named, not iterated as temporaries: a range-for would not keep them alive.
    const auto source = source_fields(*message, resolution);
    const auto breakdown =
        reports::cost_breakdown(message->usage, resolution.schedule, reports::origins_of(resolution), result);
    const auto provenance = reports::price_provenance(*message, config, in_force, result);
    for (const auto* part : {&source, &breakdown}) {
        for (const auto& field : part->members()) report.add(field.key, field.item, field.title);
    }
    const auto* invalid = result.invalid();
    report.add("invalid_reason", value::text(invalid ? std::optional(invalid->reason) : std::nullopt));
    report.add("stored_total_cost_micros", value::money(message->total_cost_micros), "Stored cost");
    const bool agrees = !invalid && message->total_cost_micros == result.micros();
    report.add("agrees", value::boolean(agrees), "Stored cost agrees");
    for (const auto& field : provenance.members()) report.add(field.key, field.item, field.title);

    outcome done{std::move(report)};
    done.exact_money = true;  // one message is read to the micro-dollar
    if (invalid) done.code = exit_code::invalid_input;
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
