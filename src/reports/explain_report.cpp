#include "reports/explain_report.hpp"

#include <fmt/format.h>

#include "reports/cost_breakdown.hpp"
#include "reports/price_provenance.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

namespace {

using output::value;

std::vector<std::string> near_names(const explained_message& explained) {
    std::vector<std::string> names;
    for (const auto& near : explained.near_names) names.push_back(near.book_provider + "/" + near.book_model);
    return names;
}

// Where the prices came from, for people and scripts: the config and its key form, or the
// price book row consulted for the config's model; and the book rows its name nearly matches.
value source_fields(const explained_message& explained, report_audience audience) {
    const auto& resolution = explained.resolution;
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
            description = !explained.message.config ? "none: the message has no model config"
                          : resolution.status == cost::resolution_status::invalid
                              ? "model config (invalid)"
                              : fmt::format("none: the config sets no price and the price book has no row {}",
                                            resolution.source_key);
            break;
    }
    source.add("price_source_description", value::text(description), "Price from");
    const auto names = near_names(explained);
    if (audience == report_audience::programs) {
        auto list = value::array();
        for (const auto& name : names) list.append(value::text(name));
        source.add("did_you_mean", std::move(list));
    } else if (!names.empty()) {
        source.add("did_you_mean", value::text(fmt::format("{}?", fmt::join(names, " or "))), "Did you mean");
    }
    return source;
}

// Every config price that does not read: its key, its text as stored, and why.
value invalid_price_rows(const std::vector<cost::invalid_config_price>& invalid) {
    auto rows = value::rows({{"key", "Key"}, {"raw_price_text", "As stored"}, {"reason", "Why"}});
    for (const auto& price : invalid) {
        rows.append(value::object({{"key", value::text(price.key)},
                                   {"raw_price_text", value::text(price.raw_text)},
                                   {"reason", value::text(price.reason)}}));
    }
    return rows;
}

value explain_report(const explained_message& explained, report_audience audience) {
    const auto& message = explained.message;
    const auto& result = explained.result;
    const auto invalid_prices = message.config ? cost::invalid_config_prices(message.config->view())
                                               : std::vector<cost::invalid_config_price>{};

    auto report = value::object();
    report.add("message_id", value::integer(message.id), "Message");
    report.add("chat_id", value::text(message.chat_id), "Chat");
    report.add("created_at", value::timestamp(message.created_at));
    report.add("role", value::text(message.role));
    report.add("model_config_id", value::text(message.model_config_id), "Model config");
    report.add("provider",
               value::text(message.config ? std::optional(message.config->provider) : std::nullopt));
    report.add("model", value::text(message.config ? std::optional(message.config->model) : std::nullopt));
    // Named, not iterated as temporaries: a range-for would not keep them alive.
    const auto source = source_fields(explained, audience);
    const auto breakdown =
        cost_breakdown(message.usage, explained.resolution.schedule, origins_of(explained.resolution), result,
                       &invalid_prices, audience);
    const auto provenance = price_provenance(message, explained.config, explained.in_force, result);
    for (const auto* part : {&source, &breakdown}) {
        for (const auto& field : part->members()) report.add(field.key, field.item, field.title);
    }
    const auto* invalid = result.invalid();
    report.add("invalid_reason", value::text(invalid ? std::optional(invalid->reason) : std::nullopt));
    if (audience == report_audience::programs || !invalid_prices.empty())
        report.add("invalid_prices", invalid_price_rows(invalid_prices), "Prices that do not read");
    report.add("stored_total_cost_micros", value::money(message.total_cost_micros), "Stored cost");
    // Nothing to compare (n/a, null): the engine cannot price the message, or neither side has a cost.
    const bool comparable = !invalid && (message.total_cost_micros || result.micros());
    const auto not_applicable = audience == report_audience::people ? value::text("n/a") : value::null();
    report.add("agrees",
               comparable ? value::boolean(message.total_cost_micros == result.micros()) : not_applicable,
               "Stored cost agrees");
    for (const auto& field : provenance.members()) report.add(field.key, field.item, field.title);
    return report;
}

}  // namespace

output::report_views explain_views(const explained_message& explained) {
    output::report_views views{explain_report(explained, report_audience::programs)};
    views.for_people(explain_report(explained, report_audience::people));
    return views;
}

}  // namespace chatcost::reports
