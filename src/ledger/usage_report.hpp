#pragma once
// The figures of the cost reports (`summary`, `rollup`): what groups of assistant messages
// cost, as read from the stored costs. Plain values, filled by ledger/cost_reports and shown by
// reports/summary_report and reports/rollup_report; the groupings of a rollup are
// ledger/rollup_groupings. Nothing here prices anything: a report only adds up what backfill
// stored.
//
// The rules (DESIGN.md section 4, as on the reference platform): assistant messages only;
// priced = total_cost_micros not NULL; unpriced = total_cost_micros NULL with some token column
// set (input, output, reasoning, cache creation, cache read); a message with neither is counted
// nowhere. Money is int64 micro-dollars.
//
// Invalid usage (DESIGN.md section 2 rule 11: a token count negative or above 10^12, reasoning
// above output, a cost outside [0, 10^13] micro-dollars) is in no sum and no other count: the
// group counts it apart and names the first ids, for `chatcost explain ID`. Sums are exact; one
// past int64 is unknown for that group only (sums_past_int64), never an error for the report.

#include <cstdint>
#include <optional>
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace chatcost::ledger {

// How many ids of invalid messages a group names (report_invalid_messages.sql).
inline constexpr std::size_t invalid_ids_per_group = 10;

// What a group of messages cost.
struct usage_totals {
    std::int64_t cost_micros = 0;  // the sum over priced messages
    std::int64_t priced_messages = 0;
    std::int64_t unpriced_messages = 0;
    std::int64_t input_tokens = 0;  // token sums over every message of the group, priced or not
    std::int64_t output_tokens = 0;
    std::int64_t cache_read_tokens = 0;
    std::int64_t cache_creation_tokens = 0;
    std::optional<std::int64_t> chats;              // distinct root chats, where the report counts them
    std::int64_t invalid_messages = 0;              // invalid usage, left out of every figure above
    std::vector<std::int64_t> invalid_message_ids;  // the first invalid_ids_per_group, ascending
    // The figures ("cost_micros", "input_tokens", ...) whose exact sum is past int64: unknown
    // here (their field above is 0), whatever the other groups hold.
    std::vector<std::string> sums_past_int64;

    std::int64_t messages() const { return priced_messages + unpriced_messages; }

    bool past_int64(std::string_view figure) const {
        return std::find(sums_past_int64.begin(), sums_past_int64.end(), figure) != sums_past_int64.end();
    }

    // The cost as reports show it: unknown when the group has unpriced usage and no priced
    // message at all, so that an unpriced amount is never shown as $0. A group with both shows
    // the priced sum, beside its count of unpriced messages.
    std::optional<std::int64_t> shown_cost() const {
        if (priced_messages == 0 && unpriced_messages > 0) return std::nullopt;
        if (past_int64("cost_micros")) return std::nullopt;
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

struct rollup_grouping;  // a row of the table in rollup_groupings.hpp

// The default grouping, by user: the first row of rollup_groupings().
const rollup_grouping& default_rollup_grouping();

// One group of a rollup: its key, one text per key column of the grouping (unset: NULL, such as
// the model config of messages without one), and what it cost.
struct rollup_row {
    std::vector<std::optional<std::string>> key;
    usage_totals usage;  // chats counted only where the grouping counts them
    // --by user: users.avatar_url, for --json-style reference; unset when empty, or when the
    // platform's users table has no such column.
    std::optional<std::string> avatar_url = std::nullopt;
};

// --breakdown: one model config's share of one period of a time series.
struct period_model_usage {
    std::string period;  // the period's key, as its rollup row names it ("2026-11-02", "2026-W45")
    model_identity model;
    usage_totals usage;
};

// `chatcost rollup`: one page of groups, and the totals over all of them.
struct rollup_page {
    std::optional<std::int64_t> schema_version;
    const rollup_grouping* by = &default_rollup_grouping();  // a row of rollup_groupings()
    report_range range;
    std::optional<std::string> search;
    std::optional<std::int64_t> limit;  // unset: all
    std::int64_t offset = 0;
    std::int64_t group_count = 0;  // every group in the range, not only this page
    usage_totals totals;           // over every group
    std::vector<rollup_row> rows;
    // --breakdown (time series only): the models of the page's periods, by period in the
    // page's order, then cost descending; ids of invalid messages are not listed here.
    std::vector<period_model_usage> breakdown;
    bool breakdown_asked = false;
    bool newest_first = false;  // --order desc
    std::vector<unpriced_model> unpriced_models;
};

}  // namespace chatcost::ledger
