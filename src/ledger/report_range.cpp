#include "ledger/report_range.hpp"

#include <stdexcept>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

std::string canonical_timezone(pqxx::transaction_base& tx, const std::string& name) {
    if (name == "UTC") return name;  // the default, known everywhere: spare the 30 ms look-up
    auto rows = tx.exec_params(std::string(query("report_timezone")), name);
    if (rows.empty()) {
        throw failure(exit_code::usage, fmt::format("--timezone: unknown time zone '{}'", name),
                      "give an IANA name such as UTC, Europe/Paris or America/New_York "
                      "(SELECT name FROM pg_timezone_names lists them)");
    }
    return rows[0][0].as<std::string>();
}

std::optional<std::string> date_of(const std::optional<time_bound>& bound) {
    if (!bound || !bound->is_date()) return std::nullopt;
    return bound->text;
}

std::optional<std::string> instant_of(const std::optional<time_bound>& bound) {
    if (!bound || bound->is_date()) return std::nullopt;
    return bound->text;
}

// "--since 2026-12-01 (2026-12-01T00:00:00Z)", or "the default --until, now (...)".
std::string describe(const char* flag, const std::optional<time_bound>& bound, const char* fallback,
                     const std::string& shown) {
    if (!bound) return fmt::format("the default {}, {} ({})", flag, fallback, shown);
    if (bound->text == shown) return fmt::format("{} {}", flag, shown);
    return fmt::format("{} {} ({})", flag, bound->text, shown);
}

constexpr std::int64_t micros_per_second = 1'000'000;
constexpr std::int64_t micros_per_day = 86'400 * micros_per_second;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)) ? 1 : 0);
}

// Whole calendar days, ISO weeks or months since 1970-01 of the wall-clock time `local_micros`
// (an instant shifted by its offset). Days and weeks need no calendar (1970-01-01 was a
// Thursday: its week began three days earlier, on a Monday); months read the date text.
std::int64_t period_number(std::int64_t local_micros, calendar_unit unit) {
    if (unit == calendar_unit::day) return floor_div(local_micros, micros_per_day);
    if (unit == calendar_unit::week) return floor_div(floor_div(local_micros, micros_per_day) + 3, 7);
    const auto text = format_rfc3339(local_micros, 0);  // "YYYY-MM-DDT..."; years 0001-9999
    return std::stoll(text.substr(0, 4)) * 12 + std::stoll(text.substr(5, 2)) - 1;
}

}  // namespace

std::string_view calendar_unit_name(calendar_unit unit) {
    switch (unit) {
        case calendar_unit::day:
            return "day";
        case calendar_unit::week:
            return "week";
        case calendar_unit::month:
            return "month";
    }
    return "day";
}

std::int64_t calendar_periods_spanned(const resolved_range& range, calendar_unit unit) {
    const auto first = range.since_micros + range.since_offset_seconds * micros_per_second;
    const auto last = range.until_micros - 1 + range.until_offset_seconds * micros_per_second;
    return period_number(last, unit) - period_number(first, unit) + 1;
}

void require_calendar_periods_within_limit(const resolved_range& range, calendar_unit unit) {
    const auto periods = calendar_periods_spanned(range, unit);
    if (periods <= max_calendar_periods) return;
    const auto name = calendar_unit_name(unit);
    throw failure(
        exit_code::usage,
        fmt::format("the range {} to {} spans {} {}s; a rollup by {} lists at most {}", range.shown.since,
                    range.shown.until, periods, name, name, max_calendar_periods),
        unit == calendar_unit::month ? "give a later --since" : "use --by month, or a later --since");
}

range_request parse_range_flags(const std::optional<std::string>& since,
                                const std::optional<std::string>& until, std::string timezone,
                                const std::optional<std::string>& through) {
    if (until && through) {
        throw failure(exit_code::usage, "--until and --through both given",
                      "give --until (exclusive) or --through (inclusive), not both");
    }
    range_request request;
    request.timezone = std::move(timezone);
    std::string problems;
    auto parse = [&](const char* flag, const std::optional<std::string>& text,
                     std::optional<time_bound>& bound) {
        if (!text) return;
        auto result = parse_time_bound(*text);
        if (result) {
            bound = result.value();
        } else {
            problems += fmt::format("{}{}: {}", problems.empty() ? "" : "; ", flag, result.error());
        }
    };
    parse("--since", since, request.since);
    parse("--until", until, request.until);
    parse("--through", through, request.until);
    if (through && request.until) {
        if (!request.until->is_date()) {
            problems += fmt::format(
                "{}--through: a timestamp; --through takes a day (YYYY-MM-DD or "
                "YYYYMMDD), --until an instant",
                problems.empty() ? "" : "; ");
        } else {
            request.until = day_after(*request.until);
            request.until_from_through = true;
        }
    }
    if (!problems.empty()) {
        throw failure(exit_code::usage, problems,
                      "give a date (2026-11-01 or 20261101, midnight in --timezone) or an RFC 3339 timestamp "
                      "(2026-11-01T10:00:00Z, 2026-11-01T10:00:00+02:00)");
    }
    if (request.timezone.empty())
        throw failure(exit_code::usage, "--timezone: empty", "give an IANA name such as UTC");
    return request;
}

resolved_range resolve_range(pqxx::transaction_base& tx, const range_request& request) {
    resolved_range range;
    range.timezone = canonical_timezone(tx, request.timezone);
    auto row =
        tx.exec_params1(std::string(query("report_range")), date_of(request.since), instant_of(request.since),
                        date_of(request.until), instant_of(request.until), range.timezone);
    range.since_micros = row["since_micros"].as<std::int64_t>();
    range.until_micros = row["until_micros"].as<std::int64_t>();
    range.since_offset_seconds = row["since_offset"].as<std::int32_t>();
    range.until_offset_seconds = row["until_offset"].as<std::int32_t>();
    try {
        range.since_param = format_rfc3339(range.since_micros, 0);
        range.until_param = format_rfc3339(range.until_micros, 0);
        range.shown = {format_rfc3339(range.since_micros, range.since_offset_seconds),
                       format_rfc3339(range.until_micros, range.until_offset_seconds), range.timezone};
    } catch (const std::out_of_range&) {
        // A date at either end of 0001-9999 can move past it in a far-off zone.
        throw failure(exit_code::usage, "the range reaches past the years 0001-9999",
                      "give --since and --until within the years 0001-9999 in UTC");
    }
    if (range.since_micros >= range.until_micros) {
        throw failure(
            exit_code::usage,
            fmt::format("empty range: {} is not before {}",
                        describe("--since", request.since, "30 days before --until", range.shown.since),
                        describe(request.until_from_through ? "--through (until the next day)" : "--until",
                                 request.until, "now", range.shown.until)),
            "the range is [since, until): since must come first");
    }
    return range;
}

}  // namespace chatcost::db
