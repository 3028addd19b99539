#include "reports/usage_fields.hpp"

#include <fmt/format.h>

namespace chatcost::reports {

using output::value;

namespace {

value id_list(const std::vector<std::int64_t>& ids) {
    value list = value::array();
    for (auto id : ids) list.append(value::integer(id));
    return list;
}

value name_list(const std::vector<std::string>& names) {
    value list = value::array();
    for (const auto& name : names) list.append(value::text(name));
    return list;
}

}  // namespace

std::optional<std::int64_t> shown_sum(const ledger::usage_totals& usage, std::string_view figure,
                                      std::int64_t sum) {
    if (usage.past_int64(figure)) return std::nullopt;
    return sum;
}

void add_invalid_fields(value& row, const ledger::usage_totals& usage) {
    row.add("invalid_messages", value::count(usage.invalid_messages), "Invalid");
    row.add("invalid_message_ids", id_list(usage.invalid_message_ids), "Invalid ids");
    row.add("sums_past_int64", name_list(usage.sums_past_int64), "Past int64");
}

void add_usage_fields(value& row, const ledger::usage_totals& usage) {
    row.add("cost_micros", value::money(usage.shown_cost()), "Cost");
    row.add("unpriced_messages", value::count(usage.unpriced_messages), "Unpriced");
    row.add("messages", value::count(usage.messages()), "Messages");
    if (usage.chats) row.add("chats", value::count(*usage.chats), "Chats");
    row.add("input_tokens", value::tokens(shown_sum(usage, "input_tokens", usage.input_tokens)), "Input");
    row.add("output_tokens", value::tokens(shown_sum(usage, "output_tokens", usage.output_tokens)), "Output");
    row.add("cache_read_tokens",
            value::tokens(shown_sum(usage, "cache_read_tokens", usage.cache_read_tokens)), "Cache read");
    row.add("cache_creation_tokens",
            value::tokens(shown_sum(usage, "cache_creation_tokens", usage.cache_creation_tokens)),
            "Cache creation");
    add_invalid_fields(row, usage);
}

std::optional<std::string> invalid_usage_note(const ledger::usage_totals& totals,
                                              std::int64_t groups_past_int64) {
    std::string note;
    if (totals.invalid_messages > 0) {
        std::vector<std::string> ids;
        for (auto id : totals.invalid_message_ids) ids.push_back(std::to_string(id));
        note = fmt::format(
            "{} message(s) with invalid usage left out of every sum (ids {}{}); "
            "'chatcost explain ID' says why",
            totals.invalid_messages, fmt::join(ids, ", "),
            totals.invalid_messages > static_cast<std::int64_t>(ids.size()) ? ", ..." : "");
    }
    if (groups_past_int64 > 0 || !totals.sums_past_int64.empty()) {
        if (!note.empty()) note += "; ";
        note += fmt::format(
            "{} group(s) and {} of the totals have a sum past int64, shown as unknown "
            "(sums_past_int64); narrow the range or the search",
            groups_past_int64, totals.sums_past_int64.size());
    }
    if (note.empty()) return std::nullopt;
    return note;
}

std::vector<output::column> usage_columns(bool with_chats) {
    std::vector<output::column> columns{
        {"cost_micros", "Cost"}, {"unpriced_messages", "Unpriced"}, {"messages", "Messages"}};
    if (with_chats) columns.emplace_back("chats", "Chats");
    columns.emplace_back("input_tokens", "Input");
    columns.emplace_back("output_tokens", "Output");
    // Details: the compact table layout leaves them out (cost, counts and the main tokens stay).
    columns.emplace_back("cache_read_tokens", "Cache read", true);
    columns.emplace_back("cache_creation_tokens", "Cache creation", true);
    columns.emplace_back("invalid_messages", "Invalid", true);
    columns.emplace_back("invalid_message_ids", "Invalid ids", true);
    columns.emplace_back("sums_past_int64", "Past int64", true);
    return columns;
}

value range_value(const ledger::report_range& range, report_audience audience) {
    value shown = value::object({
        {"since", value::timestamp(range.since), "Since (inclusive)"},
        {"until", value::timestamp(range.until), "Until (exclusive)"},
        {"timezone", value::text(range.timezone)},
    });
    if (audience == report_audience::programs) shown.add("until_exclusive", value::boolean(true));
    return shown;
}

std::vector<output::column> model_columns() {
    return {{"model_config_id", "Model config id"},
            {"display_name", "Display name"},
            {"provider", "Provider"},
            {"model", "Model"}};
}

void add_model_fields(value& row, const ledger::model_identity& model) {
    row.add("model_config_id", value::text(model.model_config_id), "Model config id");
    row.add("display_name", value::text(model.display_name), "Display name");
    row.add("provider", value::text(model.provider), "Provider");
    row.add("model", value::text(model.model), "Model");
}

value unpriced_models_value(const std::vector<ledger::unpriced_model>& models) {
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
