#pragma once
// The figures of the cost reports (`summary`, `rollup`): what groups of assistant messages
// cost, as read from the stored costs. Plain values, filled by db/cost_reports and shown by
// reports/summary_report and reports/rollup_report. Nothing here prices anything: a report
// only adds up what backfill stored.
//
// The rules (DESIGN.md section 4, as on the reference platform): assistant messages only;
// priced = total_cost_micros not NULL; unpriced = total_cost_micros NULL with some token column
// set (input, output, reasoning, cache creation, cache read); a message with neither is counted
// nowhere. Money is int64 micro-dollars.

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace chatcost::cost {

// What a group of messages cost.
struct usage_totals {
    std::int64_t cost_micros = 0;  // the sum over priced messages
    std::int64_t priced_messages = 0;
    std::int64_t unpriced_messages = 0;
    std::int64_t input_tokens = 0;  // token sums over every message of the group, priced or not
    std::int64_t output_tokens = 0;
    std::int64_t cache_read_tokens = 0;
    std::int64_t cache_creation_tokens = 0;
    std::optional<std::int64_t> chats;  // distinct root chats, where the report counts them

    std::int64_t messages() const { return priced_messages + unpriced_messages; }

    // The cost as reports show it: unknown when the group has unpriced usage and no priced
    // message at all, so that an unpriced amount is never shown as $0. A group with both shows
    // the priced sum, beside its count of unpriced messages.
    std::optional<std::int64_t> shown_cost() const {
        if (priced_messages == 0 && unpriced_messages > 0) return std::nullopt;
        return cost_micros;
    }
};

// A model config. All unset for messages without one.
struct model_identity {
    std::optional<std::string> model_config_id;
    std::optional<std::string> display_name;  // the config's display name, else its model
    std::optional<std::string> provider;
    std::optional<std::string> model;
};

struct user_identity {
    std::string id;
    std::string username;
    std::string name;
};

struct provider_identity {
    std::optional<std::string> provider;  // unset: messages without a model config
};

// A calendar day ("2026-11-01") or month ("2026-11") in the report's time zone.
struct calendar_period {
    std::string label;
};

// The range a report covers, [since, until), as RFC 3339 in the report's time zone.
struct report_range {
    std::string since;
    std::string until;
    std::string timezone;  // IANA name, as the database spells it
};

struct model_usage {
    model_identity model;
    usage_totals usage;
};

// A root chat and its forks (messages grouped by coalesce(root_chat_id, id)).
struct chat_usage {
    std::string root_chat_id;
    std::string title;  // the root chat's
    usage_totals usage;
};

struct unpriced_model {
    model_identity model;
    std::int64_t unpriced_messages = 0;
};

// `chatcost summary`: one user's cost over a range.
struct user_summary {
    std::optional<std::int64_t> schema_version;
    user_identity user;
    report_range range;
    usage_totals totals;                // with chats
    std::vector<model_usage> by_model;  // cost descending
    std::vector<chat_usage> by_chat;    // cost descending
    std::vector<unpriced_model> unpriced_models;
};

enum class rollup_grouping { user, model, provider, day, month };

// One group of a rollup; the key's type follows the grouping.
struct rollup_row {
    std::variant<user_identity, model_identity, provider_identity, calendar_period> key;
    usage_totals usage;  // chats counted for --by user only
};

// `chatcost rollup`: one page of groups, and the totals over all of them.
struct rollup_page {
    std::optional<std::int64_t> schema_version;
    rollup_grouping by = rollup_grouping::user;
    report_range range;
    std::optional<std::string> search;
    std::optional<std::int64_t> limit;  // unset: all
    std::int64_t offset = 0;
    std::int64_t group_count = 0;  // every group in the range, not only this page
    usage_totals totals;           // over every group
    std::vector<rollup_row> rows;
    std::vector<unpriced_model> unpriced_models;
};

}  // namespace chatcost::cost
