#include "reports/reference_json.hpp"

#include "reports/report_audience.hpp"
#include "reports/usage_fields.hpp"

namespace chatcost::reports {

using output::value;

namespace {

// The platform sums the priced costs (0 when none is priced); only a sum past int64 is unknown.
value priced_cost(const ledger::usage_totals& usage) {
    return value::money(shown_sum(usage, "cost_micros", usage.cost_micros));
}

value token_sum(const ledger::usage_totals& usage, const char* figure, std::int64_t sum) {
    return value::tokens(shown_sum(usage, figure, sum));
}

// total_input_tokens ... total_cache_creation_tokens, the platform's names for the token sums.
void add_token_totals(value& row, const ledger::usage_totals& usage) {
    row.add("total_input_tokens", token_sum(usage, "input_tokens", usage.input_tokens));
    row.add("total_output_tokens", token_sum(usage, "output_tokens", usage.output_tokens));
    row.add("total_cache_read_tokens", token_sum(usage, "cache_read_tokens", usage.cache_read_tokens));
    row.add("total_cache_creation_tokens",
            token_sum(usage, "cache_creation_tokens", usage.cache_creation_tokens));
}

// chatcost's figures that the platform has no field for, after the platform's.
void add_row_extras(value& row, const ledger::usage_totals& usage) {
    row.add("priced_messages", value::count(usage.priced_messages));
    row.add("unpriced_messages", value::count(usage.unpriced_messages));
    add_invalid_fields(row, usage);
}

void add_report_extras(value& report, std::optional<std::int64_t> schema_version,
                       const ledger::report_range& range) {
    report.add("output_version", value::integer(cost_report_output_version));
    report.add("json_style", value::text("reference"));
    report.add("schema_version", value::integer(schema_version));
    report.add("timezone", value::text(range.timezone));
}

}  // namespace

value reference_summary(const ledger::user_summary& summary) {
    const auto& totals = summary.totals;
    value report = value::object();
    report.add("start_date", value::timestamp(summary.range.since));
    report.add("end_date", value::timestamp(summary.range.until));
    report.add("total_cost_micros", priced_cost(totals));
    report.add("priced_message_count", value::count(totals.priced_messages));
    report.add("unpriced_message_count", value::count(totals.unpriced_messages));
    add_token_totals(report, totals);

    value by_model = value::array();
    for (const auto& line : summary.by_model) {
        value row = value::object();
        add_model_fields(row, line.model);
        row.add("total_cost_micros", priced_cost(line.usage));
        row.add("message_count", value::count(line.usage.messages()));
        add_token_totals(row, line.usage);
        add_row_extras(row, line.usage);
        by_model.append(std::move(row));
    }
    report.add("by_model", std::move(by_model));

    value by_chat = value::array();
    for (const auto& line : summary.by_chat) {
        value row = value::object();
        row.add("root_chat_id", value::text(line.root_chat_id));
        row.add("chat_title", value::text(line.title));
        row.add("total_cost_micros", priced_cost(line.usage));
        row.add("message_count", value::count(line.usage.messages()));
        add_token_totals(row, line.usage);
        add_row_extras(row, line.usage);
        by_chat.append(std::move(row));
    }
    report.add("by_chat", std::move(by_chat));

    add_report_extras(report, summary.schema_version, summary.range);
    report.add("user_id", value::text(summary.user.id));
    report.add("username", value::text(summary.user.username));
    report.add("name", value::text(summary.user.name));
    report.add("chat_count", value::count(totals.chats.value_or(0)));
    report.add("message_count", value::count(totals.messages()));
    add_invalid_fields(report, totals);
    report.add("unpriced_models", unpriced_models_value(summary.unpriced_models));
    return report;
}

value reference_user_rollup(const ledger::rollup_page& page) {
    value report = value::object();
    report.add("start_date", value::timestamp(page.range.since));
    report.add("end_date", value::timestamp(page.range.until));
    report.add("count", value::count(page.group_count));

    value users = value::array();
    for (const auto& line : page.rows) {
        // The key columns of the grouping by user: user_id, username, name.
        auto key = [&](std::size_t i) { return i < line.key.size() ? line.key[i] : std::nullopt; };
        value row = value::object();
        row.add("user_id", value::text(key(0)));
        row.add("username", value::text(key(1)));
        row.add("name", value::text(key(2)));
        row.add("avatar_url", value::text(line.avatar_url));
        row.add("total_cost_micros", priced_cost(line.usage));
        row.add("message_count", value::count(line.usage.messages()));
        row.add("chat_count", value::count(line.usage.chats.value_or(0)));
        add_token_totals(row, line.usage);
        add_row_extras(row, line.usage);
        users.append(std::move(row));
    }
    report.add("users", std::move(users));

    add_report_extras(report, page.schema_version, page.range);
    report.add("search", value::text(page.search));
    report.add("limit", value::integer(page.limit));
    report.add("offset", value::integer(page.offset));
    value totals = value::object();
    totals.add("total_cost_micros", priced_cost(page.totals));
    totals.add("message_count", value::count(page.totals.messages()));
    totals.add("chat_count", value::count(page.totals.chats.value_or(0)));
    add_token_totals(totals, page.totals);
    add_row_extras(totals, page.totals);
    report.add("totals", std::move(totals));
    report.add("unpriced_models", unpriced_models_value(page.unpriced_models));
    return report;
}

}  // namespace chatcost::reports
