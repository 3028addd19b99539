#pragma once
// How the figures of a group of messages (cost::usage_totals) appear in a report: the same
// keys, titles and order in `summary` and `rollup`, so the two read alike. JSON and CSV get
// integers (micro-dollars, counts, tokens); tables get dollars, with the unpriced count
// beside the cost.

#include <vector>

#include "ledger/usage_report.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

// Adds cost_micros, unpriced_messages, messages, [chats,] input_tokens, output_tokens,
// cache_read_tokens, cache_creation_tokens to a row object. cost_micros is null when the group
// has unpriced usage and nothing priced (cost::usage_totals::shown_cost).
void add_usage_fields(output::value& row, const cost::usage_totals& usage);

// The declared columns of those fields, in that order (chats only when `with_chats`).
std::vector<output::column> usage_columns(bool with_chats);

// The range as a report member: {"since", "until", "timezone"}.
output::value range_value(const cost::report_range& range);

// [{model_config_id, display_name, provider, model, unpriced_messages}], most unpriced first.
output::value unpriced_models_value(const std::vector<cost::unpriced_model>& models);

// model_config_id, display_name, provider, model.
void add_model_fields(output::value& row, const cost::model_identity& model);

}  // namespace chatcost::reports
