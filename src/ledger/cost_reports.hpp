#pragma once
// The cost reports' reads: `summary` (one user) and `rollup` (across users), each in one
// read-only REPEATABLE READ transaction, so that every section of a report sees the same
// snapshot (and "now" is one instant). One statement per report section, never one per row.
// The SQL is in sql/queries/report_*.sql.

#include <cstdint>
#include <optional>
#include <string>

#include <pqxx/connection>

#include "ledger/usage_report.hpp"
#include "ledger/report_range.hpp"

namespace chatcost::db {

struct summary_request {
    std::string user;  // a username, or a user id (UUID)
    range_request range;
};

// Fails with exit 6 naming the user when there is no such user, with exit 7 when the schema
// is not current (db/schema_state.hpp), with exit 2 for a bad range or zone.
ledger::user_summary read_user_summary(pqxx::connection& connection, const summary_request& request);

struct rollup_request {
    const ledger::rollup_grouping* by = &ledger::default_rollup_grouping();  // a row of rollup_groupings()
    range_request range;
    std::optional<std::string> search;  // a substring of username or name, any case; literal
    std::optional<std::int64_t> limit;  // groups per page; unset: all
    std::int64_t offset = 0;
    // Days and months: every period of the range, empty ones too (else only those with usage).
    // Either way a range of more than max_calendar_periods (report_range.hpp) is refused, exit 2.
    bool all_periods = false;
    // Time series only (the caller checks): the models under each period of the page, and
    // the periods newest first.
    bool breakdown = false;
    bool newest_first = false;
};

ledger::rollup_page read_rollup(pqxx::connection& connection, const rollup_request& request);

// Whether text is a UUID in its canonical 8-4-4-4-12 hex form (either case).
bool looks_like_uuid(std::string_view text);

}  // namespace chatcost::db
