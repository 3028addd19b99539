#pragma once
// The ways to group `chatcost rollup` (--by), one row each: the name, the query that reads the
// groups, the key columns and how the report shows them. Adding a grouping is one row of the
// table (rollup_groupings.cpp) and its query (sql/queries/, listed in sql/meson.build); the
// flag's choices and help, the read and the report follow the table.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/report_range.hpp"

namespace chatcost::ledger {

// A column of a grouping's key: its key in the report, its title for people, and its column in
// the query's rows when that differs from the key.
struct rollup_key_column {
    std::string_view key;
    std::string_view title;
    std::string_view query_column = {};

    std::string_view column_in_query() const { return query_column.empty() ? key : query_column; }
};

struct rollup_grouping {
    std::string_view name;   // --by NAME, and the report's "by"
    std::string_view query;  // sql/queries/<query>.sql; parameters as in report_rollup_by_user.sql
    // A time series of calendar periods (days, months): every period of the range may be a row,
    // so a page holds all of them unless --limit says otherwise. The query gets the zone as $6,
    // the unit as $7 and --all-periods as $8.
    std::optional<db::calendar_unit> period = std::nullopt;
    std::string_view list_key;                   // the report's list of groups: "users"
    std::vector<rollup_key_column> key_columns;  // in the report's order
    std::string_view totals_label_key;           // the key column that says "Total" in the totals row
    bool counts_chats = false;                   // groups count their distinct root chats
};

// The table, in the order the help lists them; the first is the default.
std::span<const rollup_grouping> rollup_groupings();

// The row named so; throws failure(usage) naming the choices for any other name.
const rollup_grouping& rollup_grouping_named(std::string_view name);

// The names, in the table's order: CLI11's choices for --by.
std::vector<std::string> rollup_grouping_names();

}  // namespace chatcost::ledger
