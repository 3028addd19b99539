#pragma once
// How the figures of a group of messages (ledger::usage_totals) appear in a report: the same
// keys, titles and order in `summary` and `rollup`, so the two read alike. JSON and CSV get
// integers (micro-dollars, counts, tokens); tables get dollars, with the unpriced count
// beside the cost.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/usage_report.hpp"
#include "output/value.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

// Adds cost_micros, unpriced_messages, messages, [chats,] input_tokens, output_tokens,
// cache_read_tokens, cache_creation_tokens, then the invalid fields below, to a row object.
// cost_micros is null when the group has unpriced usage and nothing priced
// (ledger::usage_totals::shown_cost); any sum past int64 is null.
void add_usage_fields(output::value& row, const ledger::usage_totals& usage);

// invalid_messages, invalid_message_ids (the first few, for `chatcost explain`) and
// sums_past_int64 (the figures left null because their exact sum does not fit int64).
void add_invalid_fields(output::value& row, const ledger::usage_totals& usage);

// A sum as reports show it: unknown when it is past int64.
std::optional<std::int64_t> shown_sum(const ledger::usage_totals& usage, std::string_view figure,
                                      std::int64_t sum);

// For stderr: how many messages the sums left out as invalid, the first ids and the command that
// says why, and the groups with a sum past int64; nothing when there is neither.
std::optional<std::string> invalid_usage_note(const ledger::usage_totals& totals,
                                              std::int64_t groups_past_int64);

// The declared columns of those fields, in that order (chats only when `with_chats`); the cache,
// invalid and past-int64 columns are details, left out of the compact table layout.
std::vector<output::column> usage_columns(bool with_chats);

// The range as a report member: {"since", "until", "timezone"}, and for programs
// "until_exclusive": true, so that whoever reads the JSON alone knows `until` is left out
// (tables title it "Until (exclusive)").
output::value range_value(const ledger::report_range& range, report_audience audience);

// [{model_config_id, display_name, provider, model, unpriced_messages}], most unpriced first.
output::value unpriced_models_value(const std::vector<ledger::unpriced_model>& models);

// model_config_id, display_name, provider, model: the fields below, as declared columns.
std::vector<output::column> model_columns();

// model_config_id, display_name, provider, model.
void add_model_fields(output::value& row, const ledger::model_identity& model);

}  // namespace chatcost::reports
