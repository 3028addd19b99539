#include "reports/summary_report.hpp"

#include <utility>

#include "reports/usage_fields.hpp"

namespace chatcost::reports {

namespace {

using output::value;

std::vector<output::column> with_usage(std::vector<output::column> leading, bool with_chats) {
    for (auto& column : usage_columns(with_chats)) leading.push_back(std::move(column));
    return leading;
}

value by_model_rows(const std::vector<ledger::model_usage>& lines) {
    value rows = value::rows(with_usage({{"model_config_id", "Model config id"},
                                         {"display_name", "Display name"},
                                         {"provider", "Provider"},
                                         {"model", "Model"}},
                                        false));
    for (const auto& line : lines) {
        value row = value::object();
        add_model_fields(row, line.model);
        add_usage_fields(row, line.usage);
        rows.append(std::move(row));
    }
    return rows;
}

value by_chat_rows(const std::vector<ledger::chat_usage>& lines) {
    value rows = value::rows(with_usage({{"root_chat_id", "Root chat id"}, {"title", "Title"}}, false));
    for (const auto& line : lines) {
        value row = value::object();
        row.add("root_chat_id", value::text(line.root_chat_id), "Root chat id");
        row.add("title", value::text(line.title), "Title");
        add_usage_fields(row, line.usage);
        rows.append(std::move(row));
    }
    return rows;
}

// A totals row under a table: for people the label in the given column; the figures without
// chats.
value totals_row(const char* label_key, ledger::usage_totals totals, report_audience audience) {
    totals.chats.reset();
    value row = value::object();
    if (audience == report_audience::people) row.add(label_key, value::text("Total"));
    add_usage_fields(row, totals);
    return row;
}

}  // namespace

value summary_report(const ledger::user_summary& summary, report_audience audience) {
    const auto& totals = summary.totals;
    value report = value::object();
    if (audience == report_audience::programs)
        report.add("output_version", value::integer(cost_report_output_version));
    report.add("schema_version", value::integer(summary.schema_version));
    report.add("user_id", value::text(summary.user.id), "User id");
    report.add("username", value::text(summary.user.username));
    report.add("name", value::text(summary.user.name));
    report.add("cost_micros", value::money(totals.shown_cost()), "Total cost");
    report.add("priced_messages", value::count(totals.priced_messages));
    report.add("unpriced_messages", value::count(totals.unpriced_messages));
    report.add("messages", value::count(totals.messages()));
    report.add("chats", value::count(totals.chats.value_or(0)));
    for (const auto& [key, sum] :
         {std::pair{"input_tokens", totals.input_tokens}, std::pair{"output_tokens", totals.output_tokens},
          std::pair{"cache_read_tokens", totals.cache_read_tokens},
          std::pair{"cache_creation_tokens", totals.cache_creation_tokens}}) {
        report.add(key, value::tokens(shown_sum(totals, key, sum)));
    }
    // The row fields, titled from their keys here ("Invalid messages"), where no column heads them.
    value invalid = value::object();
    add_invalid_fields(invalid, totals);
    for (const auto& field : invalid.members()) report.add(field.key, field.item);
    report.add("range", range_value(summary.range, audience));
    report.add_rows("by_model", by_model_rows(summary.by_model), totals_row("display_name", totals, audience),
                    "By model");
    report.add_rows("by_chat", by_chat_rows(summary.by_chat), totals_row("title", totals, audience),
                    "By root chat");
    report.add("unpriced_models", unpriced_models_value(summary.unpriced_models), "Unpriced models");
    return report;
}

std::optional<std::string> invalid_usage_note(const ledger::user_summary& summary) {
    std::int64_t groups_past_int64 = 0;
    for (const auto& line : summary.by_model) groups_past_int64 += !line.usage.sums_past_int64.empty();
    for (const auto& line : summary.by_chat) groups_past_int64 += !line.usage.sums_past_int64.empty();
    return invalid_usage_note(summary.totals, groups_past_int64);
}

}  // namespace chatcost::reports
