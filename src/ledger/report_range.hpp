#pragma once
// The range and time zone of a cost report (`summary`, `rollup`), turned into instants by the
// database: it alone knows the IANA rules that say when a date starts in a zone.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <pqxx/transaction_base>

#include "ledger/usage_report.hpp"
#include "util/time_range.hpp"

namespace chatcost::db {

// --since, --until and --timezone as given (parsed by util/time_range).
struct range_request {
    std::optional<time_bound> since;  // unset: until - 30 days (calendar days in the zone)
    std::optional<time_bound> until;  // unset: now, the start of the report's transaction
    bool until_from_through = false;  // until is the day after --through: errors name --through
    std::string timezone = "UTC";     // an IANA name, any letter case
};

// From the flags' text: every bad --since/--until/--through is named in one failure (exit 2).
// --through D, a date, is --until the day after D (the two together are refused). The zone is
// checked later, by the database (resolve_range).
range_request parse_range_flags(const std::optional<std::string>& since,
                                const std::optional<std::string>& until, std::string timezone,
                                const std::optional<std::string>& through = std::nullopt);

struct resolved_range {
    std::string timezone;  // as the database spells it: "America/New_York"
    std::int64_t since_micros = 0;
    std::int64_t until_micros = 0;
    // The bounds as query parameters ($n::timestamptz): UTC RFC 3339, exact to the microsecond.
    std::string since_param;
    std::string until_param;
    ledger::report_range shown;             // RFC 3339 in the zone, for the report
    std::int32_t since_offset_seconds = 0;  // UTC offsets in the zone at since and until (east +)
    std::int32_t until_offset_seconds = 0;
};

// Checks the zone against pg_timezone_names ('UTC' needs no look-up), resolves dates and the
// default in it, and refuses an empty or reversed range. Bad values are usage errors (exit
// 2): a --timezone the database does not know, since >= until. Two short statements.
resolved_range resolve_range(pqxx::transaction_base& tx, const range_request& request);

// Weeks are ISO weeks (Monday to Sunday), as PostgreSQL's date_trunc('week') counts them.
enum class calendar_unit { day, week, month };

// "day", "week", "month": date_trunc's unit, and the word for people.
std::string_view calendar_unit_name(calendar_unit unit);

// How many calendar days, weeks or months of the zone the range touches: from the one holding since
// to the one holding until (less a microsecond, at until's offset). Pure.
std::int64_t calendar_periods_spanned(const resolved_range& range, calendar_unit unit);

// A period rollup lists at most this many periods; a wider range is refused before it is read.
constexpr std::int64_t max_calendar_periods = 10'000;

// Throws failure(usage), naming the range and its size, when it spans more than
// max_calendar_periods days or months: `--by day` from 0001 to 9999 is 3.65 million rows.
void require_calendar_periods_within_limit(const resolved_range& range, calendar_unit unit);

}  // namespace chatcost::db
