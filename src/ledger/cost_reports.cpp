#include "ledger/cost_reports.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "ledger/invalid_usage.hpp"
#include "ledger/like_pattern.hpp"
#include "ledger/rollup_groupings.hpp"
#include "migrations/schema_state.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// Reports read; one snapshot for every section.
using snapshot = pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>;

// The schema must be current; its version goes into the report.
std::optional<std::int64_t> checked_schema_version(pqxx::transaction_base& tx) {
    auto state = read_schema_state(tx);
    if (!state.current()) require_current_schema(tx);  // throws, naming what is wrong
    return state.version;
}

std::int64_t integer(const pqxx::row& row, const std::string& column) {
    const auto& field = row[column];
    return field.is_null() ? 0 : field.as<std::int64_t>();
}

// The figures of a row; `prefix` is "total_" for the totals columns of a rollup.
ledger::usage_totals read_usage(const pqxx::row& row, const std::string& prefix, bool with_chats) {
    ledger::usage_totals usage;
    read_sums(row, prefix, usage);  // exact, or past int64 for this group only
    usage.priced_messages = integer(row, prefix + "priced_messages");
    usage.unpriced_messages = integer(row, prefix + "unpriced_messages");
    if (with_chats) usage.chats = integer(row, prefix + "chats");
    return usage;
}

ledger::model_identity read_model(const pqxx::row& row) {
    return {optional_text(row["model_config_id"]), optional_text(row["display_name"]),
            optional_text(row["provider"]), optional_text(row["model"])};
}

ledger::user_identity find_user(pqxx::transaction_base& tx, const std::string& user) {
    std::optional<std::string> id;
    if (looks_like_uuid(user)) id = user;
    auto rows = tx.exec_params(std::string(query("report_user")), user, id);
    if (rows.empty()) {
        throw failure(exit_code::invalid_input,
                      fmt::format("unknown user '{}': no such username or user id", user),
                      "run 'chatcost rollup --search TEXT' to find users by name");
    }
    return {rows[0]["id"].as<std::string>(), rows[0]["username"].as<std::string>(),
            rows[0]["name"].as<std::string>()};
}

// The summary's unpriced models come from its complete by-model list: no further query.
std::vector<ledger::unpriced_model> unpriced_of(const std::vector<ledger::model_usage>& by_model) {
    std::vector<ledger::unpriced_model> unpriced;
    for (const auto& line : by_model) {
        if (line.usage.unpriced_messages > 0) unpriced.push_back({line.model, line.usage.unpriced_messages});
    }
    std::stable_sort(unpriced.begin(), unpriced.end(),
                     [](const auto& a, const auto& b) { return a.unpriced_messages > b.unpriced_messages; });
    return unpriced;
}

// The group's key, one text per key column of its grouping.
std::vector<std::optional<std::string>> read_key(const pqxx::row& row, const ledger::rollup_grouping& by) {
    std::vector<std::optional<std::string>> key;
    for (const auto& column : by.key_columns)
        key.push_back(optional_text(row[std::string(column.column_in_query())]));
    return key;
}

// A row of the page, or the lone totals row of an empty page: every query counts a group's
// priced messages (0 or more), which is NULL only there. The key columns cannot tell: a
// group's may be NULL (messages without a model config).
bool is_group_row(const pqxx::row& row) {
    return !row["priced_messages"].is_null();
}

pqxx::result exec_rollup(pqxx::transaction_base& tx, const rollup_request& request,
                         const resolved_range& range, const std::optional<std::string>& pattern) {
    const std::string sql(query(request.by->query));
    if (const auto& unit = request.by->period) {
        require_calendar_periods_within_limit(range, *unit);
        return tx.exec_params(sql, range.since_param, range.until_param, pattern, request.limit,
                              request.offset, range.timezone, std::string(calendar_unit_name(*unit)),
                              request.all_periods, request.newest_first);
    }
    return tx.exec_params(sql, range.since_param, range.until_param, pattern, request.limit, request.offset);
}

bool has_column(const pqxx::result& rows, const char* name) {
    for (pqxx::row::size_type i = 0; i < rows.columns(); ++i) {
        if (std::string_view(rows.column_name(i)) == name) return true;
    }
    return false;
}

// The models of the page's periods only, in the page's order of periods.
std::vector<ledger::period_model_usage> read_breakdown(pqxx::transaction_base& tx,
                                                       const rollup_request& request,
                                                       const resolved_range& range,
                                                       const std::optional<std::string>& pattern,
                                                       const std::vector<ledger::rollup_row>& page_rows) {
    auto rows = tx.exec_params(std::string(query("report_rollup_period_models")), range.since_param,
                               range.until_param, pattern, range.timezone,
                               std::string(calendar_unit_name(*request.by->period)));
    std::vector<ledger::period_model_usage> breakdown;
    for (const auto& period_row : page_rows) {
        const auto& period = period_row.key.front();
        for (const auto& row : rows) {
            if (!period || row["period"].as<std::string>() != *period) continue;
            breakdown.push_back({*period, read_model(row), read_usage(row, "", false)});
        }
    }
    return breakdown;
}

}  // namespace

bool looks_like_uuid(std::string_view text) {
    if (text.size() != 36) return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (dash_position ? c != '-' : !hex) return false;
    }
    return true;
}

ledger::user_summary read_user_summary(pqxx::connection& connection, const summary_request& request) {
    snapshot tx(connection);
    ledger::user_summary summary;
    summary.schema_version = checked_schema_version(tx);
    auto range = resolve_range(tx, request.range);
    summary.range = range.shown;
    summary.user = find_user(tx, request.user);
    auto rows = tx.exec_params(std::string(query("report_summary")), summary.user.id, range.since_param,
                               range.until_param);
    for (const auto& row : rows) {
        auto section = row["section"].as<std::string>();
        if (section == "total") {
            summary.totals = read_usage(row, "", true);
        } else if (section == "model") {
            summary.by_model.push_back({read_model(row), read_usage(row, "", false)});
        } else {
            summary.by_chat.push_back({row["root_chat_id"].as<std::string>(),
                                       optional_text(row["title"]).value_or(""), read_usage(row, "", false)});
        }
    }
    summary.unpriced_models = unpriced_of(summary.by_model);
    if (summary.totals.invalid_messages > 0) {  // bad data only: this read is not index-only
        invalid_ids_request by_model{"model", range.since_param, range.until_param, range.timezone,
                                     {},      summary.user.id};
        auto model_ids = read_invalid_ids(tx, by_model);
        for (auto& line : summary.by_model)
            line.usage.invalid_message_ids = ids_of(model_ids, line.model.model_config_id);
        summary.totals.invalid_message_ids = first_ids(model_ids);
        auto by_chat = by_model;
        by_chat.grouping = "chat";
        auto chat_ids = read_invalid_ids(tx, by_chat);
        for (auto& line : summary.by_chat)
            line.usage.invalid_message_ids = ids_of(chat_ids, line.root_chat_id);
    }
    tx.commit();
    return summary;
}

ledger::rollup_page read_rollup(pqxx::connection& connection, const rollup_request& request) {
    snapshot tx(connection);
    ledger::rollup_page page;
    page.schema_version = checked_schema_version(tx);
    auto range = resolve_range(tx, request.range);
    page.range = range.shown;
    page.by = request.by;
    page.search = request.search;
    page.limit = request.limit;
    page.offset = request.offset;
    std::optional<std::string> pattern;
    if (request.search && !request.search->empty()) pattern = contains_pattern(*request.search);

    auto rows = exec_rollup(tx, request, range, pattern);
    const bool with_chats = request.by->counts_chats;
    const bool with_avatar = has_column(rows, "avatar_url");
    for (const auto& row : rows) {
        page.group_count = integer(row, "group_count");
        page.totals = read_usage(row, "total_", with_chats);
        if (!is_group_row(row)) continue;
        page.rows.push_back({read_key(row, *request.by), read_usage(row, "", with_chats), std::nullopt});
        if (with_avatar) page.rows.back().avatar_url = optional_text(row["avatar_url"]);
    }
    page.newest_first = request.newest_first;
    page.breakdown_asked = request.breakdown && request.by->period;
    if (page.breakdown_asked) page.breakdown = read_breakdown(tx, request, range, pattern, page.rows);
    if (page.totals.invalid_messages > 0) {  // bad data only: this read is not index-only
        auto ids = read_invalid_ids(tx, {std::string(request.by->name), range.since_param, range.until_param,
                                         range.timezone, pattern, std::nullopt});
        // Every grouping's first key column is the group's key in report_invalid_messages.sql.
        for (auto& line : page.rows) line.usage.invalid_message_ids = ids_of(ids, line.key.front());
        page.totals.invalid_message_ids = first_ids(ids);
    }
    for (const auto& row : tx.exec_params(std::string(query("report_unpriced_models")), range.since_param,
                                          range.until_param, pattern)) {
        page.unpriced_models.push_back({read_model(row), integer(row, "unpriced_messages")});
    }
    tx.commit();
    return page;
}

}  // namespace chatcost::db
