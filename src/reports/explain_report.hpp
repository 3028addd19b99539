#pragma once
// `chatcost explain` as a report: one stored message, its price source, its cost component by
// component (reports/cost_breakdown), every config price that does not read with its text as
// stored, the book names its config nearly has ("did you mean"), and the price behind its stored
// cost (reports/price_provenance). Programs get every member always (null or empty when it does
// not apply); people get the raw text in the price column and "did you mean" only when there is
// one.

#include <vector>

#include "cost/message_cost.hpp"
#include "cost/price_resolution.hpp"
#include "ledger/message_explanation.hpp"
#include "ledger/price_catalog.hpp"
#include "ledger/price_name_suggestions.hpp"
#include "output/report_views.hpp"

namespace chatcost::reports {

struct explained_message {
    const db::stored_message& message;
    const db::priced_config* config;  // the message's config in a catalog; nullptr without one
    const db::price_in_force& in_force;
    const cost::price_resolution& resolution;           // the price in force at created_at
    const cost::cost_result& result;                    // the message priced at it
    std::vector<db::price_name_suggestion> near_names;  // book rows its config's name nearly matches
};

output::report_views explain_views(const explained_message& explained);

}  // namespace chatcost::reports
