#pragma once
// The values of --since and --until (DESIGN.md section 4, "Date ranges"), parsed without I/O.
//
// A value is either a calendar date, `YYYY-MM-DD` or `YYYYMMDD` (ccusage's form), meaning midnight in the
// report's time zone, or an RFC 3339 timestamp with an explicit offset, `2026-11-01T10:00:00Z`,
// `2026-11-01T10:00:00.5+02:00`. Nothing else is accepted: no bare times, no time zone names,
// no "yesterday".
//
// Turning a date into an instant needs the IANA rules of the time zone, which only the
// database has, so a date stays a date here: the SQL converts it at query time with
// `($1::date)::timestamp AT TIME ZONE $2`. A timestamp is converted here, because its offset
// says everything; its canonical text (`text`) is UTC and is read by PostgreSQL's
// timestamptz input unchanged whatever the session's TimeZone is.
//
// Used by `summary`, `rollup` and `backfill`. Ranges are half-open: [since, until).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace chatcost {

struct time_bound {
    enum class kind { date, instant };

    kind which = kind::date;
    // date: "YYYY-MM-DD" as given (a valid Gregorian date, years 0001-9999);
    // instant: UTC, "YYYY-MM-DDTHH:MM:SSZ", with ".ffffff" when the microseconds are not zero.
    std::string text;
    // instant: microseconds since 1970-01-01T00:00:00Z. Fractions finer than a microsecond are
    // rounded up, which keeps [since, until) exact for the microsecond timestamps PostgreSQL
    // stores: t >= x and t < x hold for a whole microsecond t exactly when they hold for
    // ceil(x). date: midnight UTC of that date (to order two dates; not the bound itself).
    std::int64_t unix_micros = 0;

    bool is_date() const { return which == kind::date; }
};

// A bound, or why the text is none. The message quotes the text and says what is wrong:
// `"2026-02-30" is not a valid date (February 2026 has 28 days)`.
using time_bound_result = result<time_bound>;

// Parses one --since/--until value. Accepted:
//   YYYY-MM-DD, YYYYMMDD                         a date (its text is then YYYY-MM-DD)
//   YYYY-MM-DD('T'|'t'|' ')HH:MM:SS[.f+](Z|z|(+|-)HH:MM)   an instant
// with a valid calendar date (leap years included), hours 00-23, minutes 00-59, seconds 00-60
// (60 is a leap second; like PostgreSQL, it is the first second of the next minute), any
// number of fractional digits, and an offset up to +-23:59. Years 0001-9999.
time_bound_result parse_time_bound(std::string_view text);

// The date after `date` (a date bound): --through D is --until day_after(D). The year may
// reach 10000, which resolving the range then refuses.
time_bound day_after(const time_bound& date);

// An instant as RFC 3339 in a fixed offset from UTC (seconds, east positive): "Z" for 0,
// else "+HH:MM"/"-HH:MM"; ".ffffff" only when the microseconds are not zero. An offset that is
// not whole minutes (local mean time before 1900) cannot be written in RFC 3339, so the
// instant is then shown in UTC. format_rfc3339(0, 0) == "1970-01-01T00:00:00Z",
// format_rfc3339(1'800'000'000'000'000, -14'400) == "2027-01-15T04:00:00-04:00".
// Years outside 0001-9999 are an error (std::out_of_range).
std::string format_rfc3339(std::int64_t unix_micros, std::int32_t utc_offset_seconds);

}  // namespace chatcost
