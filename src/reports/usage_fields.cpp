#include "reports/usage_fields.hpp"

namespace chatcost::reports {

using output::value;

void add_usage_fields(value& row, const cost::usage_totals& usage) {
    row.add("cost_micros", value::money(usage.shown_cost()), "Cost");
    row.add("unpriced_messages", value::count(usage.unpriced_messages), "Unpriced");
    row.add("messages", value::count(usage.messages()), "Messages");
    if (usage.chats) row.add("chats", value::count(*usage.chats), "Chats");
    row.add("input_tokens", value::tokens(usage.input_tokens), "Input");
    row.add("output_tokens", value::tokens(usage.output_tokens), "Output");
    row.add("cache_read_tokens", value::tokens(usage.cache_read_tokens), "Cache read");
    row.add("cache_creation_tokens", value::tokens(usage.cache_creation_tokens), "Cache creation");
}

std::vector<output::column> usage_columns(bool with_chats) {
    std::vector<output::column> columns{
        {"cost_micros", "Cost"}, {"unpriced_messages", "Unpriced"}, {"messages", "Messages"}};
    if (with_chats) columns.emplace_back("chats", "Chats");
    columns.emplace_back("input_tokens", "Input");
    columns.emplace_back("output_tokens", "Output");
    columns.emplace_back("cache_read_tokens", "Cache read");
    columns.emplace_back("cache_creation_tokens", "Cache creation");
    return columns;
}

value range_value(const cost::report_range& range) {
    return value::object({
        {"since", value::timestamp(range.since)},
        {"until", value::timestamp(range.until)},
        {"timezone", value::text(range.timezone)},
    });
}

void add_model_fields(value& row, const cost::model_identity& model) {
    row.add("model_config_id", value::text(model.model_config_id), "Model config id");
    row.add("display_name", value::text(model.display_name), "Display name");
    row.add("provider", value::text(model.provider), "Provider");
    row.add("model", value::text(model.model), "Model");
}

value unpriced_models_value(const std::vector<cost::unpriced_model>& models) {
    value rows = value::rows({{"model_config_id", "Model config id"},
                              {"display_name", "Display name"},
                              {"provider", "Provider"},
                              {"model", "Model"},
                              {"unpriced_messages", "Unpriced"}});
    for (const auto& entry : models) {
        value row = value::object();
        add_model_fields(row, entry.model);
        row.add("unpriced_messages", value::count(entry.unpriced_messages), "Unpriced");
        rows.append(std::move(row));
    }
    return rows;
}

}  // namespace chatcost::reports
