#include "reports/rollup_report.hpp"

#include <type_traits>

#include "reports/usage_fields.hpp"

namespace chatcost::reports {

namespace {

using output::value;

// The list's key, its key columns, and the column that labels the totals row.
struct grouping_layout {
    const char* list_key;
    std::vector<output::column> key_columns;
    const char* totals_label_key;
};

grouping_layout layout_of(cost::rollup_grouping by) {
    switch (by) {
        case cost::rollup_grouping::user:
            return {
                "users", {{"user_id", "User id"}, {"username", "Username"}, {"name", "Name"}}, "username"};
        case cost::rollup_grouping::model:
            return {"models",
                    {{"model_config_id", "Model config id"},
                     {"display_name", "Display name"},
                     {"provider", "Provider"},
                     {"model", "Model"}},
                    "display_name"};
        case cost::rollup_grouping::provider:
            return {"providers", {{"provider", "Provider"}}, "provider"};
        case cost::rollup_grouping::day:
            return {"days", {{"day", "Day"}}, "day"};
        case cost::rollup_grouping::month:
            return {"months", {{"month", "Month"}}, "month"};
    }
    return {"users", {}, "username"};
}

void add_key_fields(value& row, const cost::rollup_row& line, cost::rollup_grouping by) {
    std::visit(
        [&](const auto& key) {
            using key_type = std::decay_t<decltype(key)>;
            if constexpr (std::is_same_v<key_type, cost::user_identity>) {
                row.add("user_id", value::text(key.id), "User id");
                row.add("username", value::text(key.username), "Username");
                row.add("name", value::text(key.name), "Name");
            } else if constexpr (std::is_same_v<key_type, cost::model_identity>) {
                add_model_fields(row, key);
            } else if constexpr (std::is_same_v<key_type, cost::provider_identity>) {
                row.add("provider", value::text(key.provider), "Provider");
            } else {
                row.add(by == cost::rollup_grouping::month ? "month" : "day", value::text(key.label));
            }
        },
        line.key);
}

}  // namespace

std::string_view grouping_name(cost::rollup_grouping by) {
    switch (by) {
        case cost::rollup_grouping::user:
            return "user";
        case cost::rollup_grouping::model:
            return "model";
        case cost::rollup_grouping::provider:
            return "provider";
        case cost::rollup_grouping::day:
            return "day";
        case cost::rollup_grouping::month:
            return "month";
    }
    return "user";
}

value rollup_report(const cost::rollup_page& page) {
    const bool with_chats = page.by == cost::rollup_grouping::user;
    auto layout = layout_of(page.by);
    auto columns = layout.key_columns;
    for (auto& column : usage_columns(with_chats)) columns.push_back(std::move(column));

    value rows = value::rows(std::move(columns));
    for (const auto& line : page.rows) {
        value row = value::object();
        add_key_fields(row, line, page.by);
        add_usage_fields(row, line.usage);
        rows.append(std::move(row));
    }
    value totals = value::object({{layout.totals_label_key, value::text("Total")}});
    add_usage_fields(totals, page.totals);

    value report = value::object();
    report.add("schema_version", value::integer(page.schema_version));
    report.add("by", value::text(grouping_name(page.by)));
    report.add("search", value::text(page.search));
    report.add("limit", value::integer(page.limit));
    report.add("offset", value::integer(page.offset));
    report.add("total_count", value::count(page.group_count), "Total count");
    report.add("range", range_value(page.range));
    report.add_rows(layout.list_key, std::move(rows), std::move(totals));
    report.add("unpriced_models", unpriced_models_value(page.unpriced_models), "Unpriced models");
    return report;
}

}  // namespace chatcost::reports
