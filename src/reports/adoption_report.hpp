#pragma once
// `chatcost migrate up --adopt`'s report: the schema after, what the shape check accepted
// (the differences from chatcost's own tables it works with), and each migration adopted or
// applied.

#include <string>

#include "migrations/schema_adoption.hpp"
#include "output/value.hpp"

namespace chatcost::reports {

output::value adoption_report(const std::string& database, const db::adoption_result& result);

}  // namespace chatcost::reports
