#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "ledger/report_range.hpp"
#include "util/failure.hpp"

using chatcost::db::calendar_periods_spanned;
using chatcost::db::calendar_unit;
using chatcost::db::resolved_range;

namespace {

constexpr std::int64_t hour = 3'600'000'000;
constexpr std::int64_t day = 24 * hour;

// Epoch microseconds of midnight UTC, days after 1970-01-01.
resolved_range range_of(std::int64_t since, std::int64_t until, std::int32_t since_offset = 0,
                        std::int32_t until_offset = 0) {
    resolved_range range;
    range.since_micros = since;
    range.until_micros = until;
    range.since_offset_seconds = since_offset;
    range.until_offset_seconds = until_offset;
    range.shown = {"SINCE", "UNTIL", "UTC"};
    return range;
}

}  // namespace

TEST_CASE("calendar_periods_spanned: whole days, and the partial days at either end") {
    CHECK(calendar_periods_spanned(range_of(0, day), calendar_unit::day) == 1);
    CHECK(calendar_periods_spanned(range_of(0, 30 * day), calendar_unit::day) == 30);
    CHECK(calendar_periods_spanned(range_of(5 * hour, day + 5 * hour), calendar_unit::day) == 2);
    CHECK(calendar_periods_spanned(range_of(0, 1), calendar_unit::day) == 1);
    // Before 1970 too: 1969-12-31 and 1970-01-01.
    CHECK(calendar_periods_spanned(range_of(-day, day), calendar_unit::day) == 2);
}

TEST_CASE("calendar_periods_spanned: days of the time zone, by its offsets") {
    // 2026-11-01T04:00Z to 2026-11-04T05:00Z is Nov 1 to Nov 4 in New York (EDT, then EST).
    const std::int64_t nov1 = 20'758 * day;
    CHECK(calendar_periods_spanned(range_of(nov1 + 4 * hour, nov1 + 3 * day + 5 * hour, -4 * 3600, -5 * 3600),
                                   calendar_unit::day) == 3);
    // The same instants in UTC touch four days (04:00 on Nov 1 to 05:00 on Nov 4).
    CHECK(calendar_periods_spanned(range_of(nov1 + 4 * hour, nov1 + 3 * day + 5 * hour),
                                   calendar_unit::day) == 4);
}

TEST_CASE("calendar_periods_spanned: months") {
    const std::int64_t jan1_2026 = 20'454 * day;
    const std::int64_t jan1_2027 = jan1_2026 + 365 * day;
    CHECK(calendar_periods_spanned(range_of(jan1_2026, jan1_2027), calendar_unit::month) == 12);
    CHECK(calendar_periods_spanned(range_of(jan1_2026, jan1_2026 + day), calendar_unit::month) == 1);
    CHECK(calendar_periods_spanned(range_of(jan1_2026 - day, jan1_2026 + day), calendar_unit::month) == 2);
}

TEST_CASE("calendar_periods_spanned: ISO weeks, Monday to Sunday") {
    // 1970-01-01 was a Thursday: its week is 1969-12-29 (Monday) to 1970-01-04 (Sunday).
    CHECK(calendar_periods_spanned(range_of(-3 * day, 4 * day), calendar_unit::week) == 1);
    CHECK(calendar_periods_spanned(range_of(-4 * day, 4 * day), calendar_unit::week) == 2);
    CHECK(calendar_periods_spanned(range_of(0, 5 * day), calendar_unit::week) == 2);
    // 2026-11-02 is a Monday; four whole weeks, then one day of a fifth.
    const std::int64_t nov2 = 20'759 * day;
    CHECK(calendar_periods_spanned(range_of(nov2, nov2 + 28 * day), calendar_unit::week) == 4);
    CHECK(calendar_periods_spanned(range_of(nov2, nov2 + 29 * day), calendar_unit::week) == 5);
    // Sunday 23:30 in New York (-05:00) is Monday 04:30 UTC: still the week before, there.
    const std::int64_t sunday_late = nov2 + 7 * day + 4 * hour + 30 * 60'000'000LL;
    const std::int64_t monday_midnight_there = nov2 + 5 * hour;
    CHECK(calendar_periods_spanned(range_of(monday_midnight_there, sunday_late, -5 * 3600, -5 * 3600),
                                   calendar_unit::week) == 1);
    CHECK(calendar_periods_spanned(range_of(monday_midnight_there, sunday_late), calendar_unit::week) == 2);
}

TEST_CASE("parse_range_flags: --through D is --until the day after, never with --until") {
    using chatcost::db::parse_range_flags;
    auto request = parse_range_flags(std::string("20261101"), std::nullopt, "UTC", std::string("2026-11-30"));
    REQUIRE(request.since);
    CHECK(request.since->text == "2026-11-01");
    REQUIRE(request.until);
    CHECK(request.until->text == "2026-12-01");
    CHECK(request.until->is_date());
    CHECK(request.until_from_through);
    CHECK_THROWS_AS(
        parse_range_flags(std::nullopt, std::string("2026-12-01"), "UTC", std::string("2026-11-30")),
        chatcost::failure);
    try {
        parse_range_flags(std::nullopt, std::nullopt, "UTC", std::string("2026-11-30T10:00:00Z"));
        FAIL("a timestamp was taken for --through");
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::usage);
        CHECK(std::string(error.what()).find("--through takes a day") != std::string::npos);
    }
}

TEST_CASE("require_calendar_periods_within_limit: 10,000 periods pass, one more is refused by name") {
    using chatcost::db::require_calendar_periods_within_limit;
    CHECK_NOTHROW(require_calendar_periods_within_limit(range_of(0, 10'000 * day), calendar_unit::day));
    try {
        require_calendar_periods_within_limit(range_of(0, 10'001 * day), calendar_unit::day);
        FAIL("not refused");
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::usage);
        CHECK(std::string(error.what()) ==
              "the range SINCE to UNTIL spans 10001 days; a rollup by day lists at most 10000");
        CHECK(error.next_step() == "use --by month, or a later --since");
    }
    // 0001-01-01 to 9999-12-31 by month: 119,988 months.
    const auto all_time = range_of(-719'162 * day, 2'932'896 * day);
    CHECK(calendar_periods_spanned(all_time, calendar_unit::month) == 119'988);
    CHECK_THROWS_AS(require_calendar_periods_within_limit(all_time, calendar_unit::month), chatcost::failure);
}
