#pragma once
// Invalid usage in the cost reports (DESIGN.md section 2 rule 11): what the report queries count
// apart (checked.usage_invalid, the same predicate in every sql/queries/report_*.sql that reads
// chat_messages), the ids that name it, and sums too large for int64. One bad row costs its own
// group a note; it never aborts anyone's report.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pqxx/pqxx>

#include "ledger/usage_report.hpp"

namespace chatcost::db {

// A sum as the database gives it (numeric digits): the int64, or nothing when it is past int64.
// Sums of valid usage are never negative; anything but digits is not an int64 either.
std::optional<std::int64_t> sum_within_int64(std::string_view digits);

// Reads `prefix` + cost_micros, the four token sums and invalid_messages of a report row into
// `usage`; a sum past int64 goes to usage.sums_past_int64 under its figure's name.
void read_sums(const pqxx::row& row, const std::string& prefix, ledger::usage_totals& usage);

// The first ids of the invalid messages of each group (report_invalid_messages.sql), by the
// group's key as its report row names it (unset: NULL, e.g. no model config).
using invalid_ids_by_group = std::map<std::optional<std::string>, std::vector<std::int64_t>>;

struct invalid_ids_request {
    std::string grouping;                            // "user", "model", "provider", "day", "month" or "chat"
    std::string since_param, until_param, timezone;  // as resolved_range holds them
    std::optional<std::string> search_pattern;       // an ILIKE pattern, as the rollup query gets it
    std::optional<std::string> user_id;              // only this user's messages
};

invalid_ids_by_group read_invalid_ids(pqxx::transaction_base& tx, const invalid_ids_request& request);

// The ids of a group; for totals, the first of all groups'.
std::vector<std::int64_t> ids_of(const invalid_ids_by_group& ids, const std::optional<std::string>& key);
std::vector<std::int64_t> first_ids(const invalid_ids_by_group& ids);

}  // namespace chatcost::db
