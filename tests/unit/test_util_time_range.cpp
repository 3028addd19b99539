// --since/--until values: what is accepted, what each means, and that every rejection names
// the text. Instants are checked against hand-computed epoch microseconds.

#include <doctest/doctest.h>

#include <cstdint>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>

#include "util/time_range.hpp"

using chatcost::format_rfc3339;
using chatcost::parse_time_bound;
using chatcost::time_bound;

namespace {

std::int64_t instant_micros(const char* text) {
    auto result = parse_time_bound(text);
    REQUIRE_MESSAGE(result.ok(), result.error());
    REQUIRE(result.value().which == time_bound::kind::instant);
    return result.value().unix_micros;
}

std::string error_of(const char* text) {
    auto result = parse_time_bound(text);
    REQUIRE_FALSE(result.ok());
    return result.error();
}

}  // namespace

TEST_CASE("a date stays a date, as written") {
    auto result = parse_time_bound("2026-11-01");
    REQUIRE(result.ok());
    CHECK(result.value().is_date());
    CHECK(result.value().text == "2026-11-01");
    // 2026-11-01 is day 20758 since 1970-01-01: 56 years of 365 days and 14 leap days (20454),
    // then 304 days of 2026 before November.
    CHECK(result.value().unix_micros == 20'758LL * 86'400 * 1'000'000);
    CHECK(parse_time_bound("2024-02-29").ok());  // leap year
    CHECK(parse_time_bound("2000-02-29").ok());  // divisible by 400
    CHECK(parse_time_bound("0001-01-01").ok());
    CHECK(parse_time_bound("9999-12-31").ok());
}

TEST_CASE("YYYYMMDD, as ccusage takes it, is the same date, written YYYY-MM-DD") {
    auto result = parse_time_bound("20261101");
    REQUIRE(result.ok());
    CHECK(result.value().is_date());
    CHECK(result.value().text == "2026-11-01");
    CHECK(result.value().unix_micros == parse_time_bound("2026-11-01").value().unix_micros);
    CHECK(parse_time_bound("20240229").ok());
    CHECK(error_of("20261301") == "\"20261301\" is not a valid date: month 13 is out of range (01-12)");
    CHECK(error_of("20230229").find("February 2023 has 28 days") != std::string::npos);
    // Only the whole eight digits: no mixed forms, no basic-form timestamps.
    for (const char* bad : {"2026110", "202611011", "2026-1101", "202611-01", "20261101T10:00:00Z"}) {
        INFO("text: '" << bad << "'");
        CHECK_FALSE(parse_time_bound(bad).ok());
    }
}

TEST_CASE("day_after: the next calendar date, across months, leap days and years") {
    auto next = [](const char* date) { return chatcost::day_after(parse_time_bound(date).value()).text; };
    CHECK(next("2026-11-30") == "2026-12-01");
    CHECK(next("2024-02-28") == "2024-02-29");
    CHECK(next("2024-02-29") == "2024-03-01");
    CHECK(next("2026-12-31") == "2027-01-01");
    CHECK(chatcost::day_after(parse_time_bound("2026-11-30").value()).is_date());
    CHECK(chatcost::day_after(parse_time_bound("1969-12-31").value()).unix_micros == 0);
}

TEST_CASE("an RFC 3339 timestamp becomes an instant in UTC") {
    CHECK(instant_micros("1970-01-01T00:00:00Z") == 0);
    // 2027-01-15T08:00:00Z is 1,800,000,000 s after the epoch.
    CHECK(instant_micros("2027-01-15T08:00:00Z") == 1'800'000'000'000'000);
    CHECK(instant_micros("2027-01-15T04:00:00-04:00") == 1'800'000'000'000'000);
    CHECK(instant_micros("2027-01-15T13:30:00+05:30") == 1'800'000'000'000'000);
    CHECK(instant_micros("2027-01-15t08:00:00z") == 1'800'000'000'000'000);
    CHECK(instant_micros("2027-01-15 08:00:00Z") == 1'800'000'000'000'000);
    CHECK(instant_micros("1969-12-31T23:59:59Z") == -1'000'000);
    auto result = parse_time_bound("2027-01-15T04:00:00-04:00");
    CHECK(result.value().text == "2027-01-15T08:00:00Z");
}

TEST_CASE("fractional seconds: microseconds kept, anything finer rounded up") {
    CHECK(instant_micros("1970-01-01T00:00:00.5Z") == 500'000);
    CHECK(instant_micros("1970-01-01T00:00:00.000001Z") == 1);
    CHECK(instant_micros("1970-01-01T00:00:00.0000010Z") == 1);
    CHECK(instant_micros("1970-01-01T00:00:00.0000001Z") == 1);  // 100 ns -> next microsecond
    CHECK(instant_micros("1970-01-01T00:00:00.000000000Z") == 0);
    CHECK(instant_micros("1970-01-01T00:00:00.9999999Z") == 1'000'000);
    CHECK(parse_time_bound("1970-01-01T00:00:00.9999999Z").value().text == "1970-01-01T00:00:01Z");
    CHECK(parse_time_bound("2026-03-08T07:00:00.25Z").value().text == "2026-03-08T07:00:00.250000Z");
}

TEST_CASE("a leap second is the first second of the next minute, as in PostgreSQL") {
    CHECK(instant_micros("2016-12-31T23:59:60Z") == instant_micros("2017-01-01T00:00:00Z"));
}

TEST_CASE("everything else is refused, naming the text") {
    for (const char* bad :
         {"", "yesterday", "2026-11", "2026/11/01", "26-11-01", "2026-1-01", "2026-11-1", "2026-11-01T",
          "2026-11-01T10:00Z", "2026-11-01T10:00:00.Z", "2026-11-01T10:00:00+0200", "2026-11-01T10:00:00+02",
          "2026-11-01T10:00:00 Z", "2026-11-01T10:00:00Zx", " 2026-11-01", "2026-11-01 ", "2026-11-01x",
          "+2026-11-01", "２０２６-11-01"}) {
        INFO("text: '" << bad << "'");
        auto result = parse_time_bound(bad);
        CHECK_FALSE(result.ok());
        CHECK(result.error().find("is not a date (YYYY-MM-DD or YYYYMMDD) or an RFC 3339 timestamp") !=
              std::string::npos);
    }
    CHECK(error_of("2026-11-01T10:00") ==
          "\"2026-11-01T10:00\" is not a date (YYYY-MM-DD or YYYYMMDD) or an RFC 3339 "
          "timestamp (YYYY-MM-DDTHH:MM:SSZ, or with an offset such as +02:00)");
}

TEST_CASE("out-of-range fields say which") {
    CHECK(error_of("2026-13-01") == "\"2026-13-01\" is not a valid date: month 13 is out of range (01-12)");
    CHECK(error_of("2026-00-10") == "\"2026-00-10\" is not a valid date: month 00 is out of range (01-12)");
    CHECK(error_of("2026-02-29") == "\"2026-02-29\" is not a valid date: February 2026 has 28 days");
    CHECK(error_of("1900-02-29") == "\"1900-02-29\" is not a valid date: February 1900 has 28 days");
    CHECK(error_of("2026-04-31") == "\"2026-04-31\" is not a valid date: April 2026 has 30 days");
    CHECK(error_of("2026-04-00") == "\"2026-04-00\" is not a valid date: April 2026 has 30 days");
    CHECK(error_of("0000-01-01").find("year 0000") != std::string::npos);
    CHECK(error_of("2026-11-01T24:00:00Z").find("hour 24 is out of range") != std::string::npos);
    CHECK(error_of("2026-11-01T10:60:00Z").find("minute 60 is out of range") != std::string::npos);
    CHECK(error_of("2026-11-01T10:00:61Z").find("second 61 is out of range") != std::string::npos);
    CHECK(error_of("2026-11-01T10:00:00+24:00").find("offset out of range") != std::string::npos);
    CHECK(error_of("2026-11-01T10:00:00-02:60").find("offset out of range") != std::string::npos);
}

TEST_CASE("a timestamp without an offset is refused: it would be ambiguous") {
    CHECK(error_of("2026-11-01T10:00:00") ==
          "\"2026-11-01T10:00:00\" has no UTC offset: add Z (UTC) or an offset such as +02:00, or give a "
          "date alone");
}

TEST_CASE("instants beyond the years 0001-9999 in UTC are refused, not wrapped") {
    CHECK(error_of("9999-12-31T23:59:60Z").find("out of range") != std::string::npos);
    CHECK(error_of("9999-12-31T20:00:00-05:00").find("out of range") != std::string::npos);
    CHECK(error_of("0001-01-01T00:00:00+00:01").find("out of range") != std::string::npos);
    CHECK(parse_time_bound("0001-01-01T00:00:00Z").ok());
    CHECK(parse_time_bound("9999-12-31T23:59:59.999999Z").ok());
    CHECK(parse_time_bound("9999-12-31T23:59:59.9999999Z").ok() == false);  // rounds up into 10000
}

TEST_CASE("the quoted text escapes control characters and is cut when long") {
    CHECK(error_of("2026\n11") ==
          "\"2026\\x0a11\" is not a date (YYYY-MM-DD or YYYYMMDD) or an RFC 3339 timestamp "
          "(YYYY-MM-DDTHH:MM:SSZ, or with an offset such as +02:00)");
    std::string long_text(100, '9');
    auto result = parse_time_bound(long_text);
    CHECK(result.error().rfind("\"" + std::string(40, '9') + "\"…", 0) == 0);
}

TEST_CASE("value() on a failure is a bug") {
    CHECK_THROWS_AS(parse_time_bound("nope").value(), std::logic_error);
    CHECK(parse_time_bound("2026-11-01").error().empty());
}

TEST_CASE("format_rfc3339 writes UTC as Z and other offsets as +-HH:MM") {
    CHECK(format_rfc3339(0, 0) == "1970-01-01T00:00:00Z");
    CHECK(format_rfc3339(1'800'000'000'000'000, -14'400) == "2027-01-15T04:00:00-04:00");
    CHECK(format_rfc3339(1'800'000'000'000'000, 19'800) == "2027-01-15T13:30:00+05:30");
    CHECK(format_rfc3339(1'800'000'000'000'001, 0) == "2027-01-15T08:00:00.000001Z");
    CHECK(format_rfc3339(-1, 0) == "1969-12-31T23:59:59.999999Z");
    // 2026-03-08 is day 20520: the New York DST change day starts at 05:00Z (-05:00).
    CHECK(format_rfc3339(20'520LL * 86'400'000'000 + 5LL * 3'600'000'000, -18'000) ==
          "2026-03-08T00:00:00-05:00");
    // An offset that is not whole minutes (local mean time) is shown in UTC instead.
    CHECK(format_rfc3339(0, -17'762) == "1970-01-01T00:00:00Z");
    CHECK_THROWS_AS(format_rfc3339(-62'135'596'800'000'001, 0), std::out_of_range);  // before 0001-01-01
}

TEST_CASE("parse and format agree on every instant they share") {
    for (const char* text : {"2026-03-08T07:00:00Z", "2026-11-01T05:59:59.999999Z", "0001-01-01T00:00:00Z",
                             "9999-12-31T23:59:59.999999Z", "2000-02-29T12:34:56.000789Z"}) {
        auto bound = parse_time_bound(text).value();
        CHECK(bound.text == text);
        CHECK(format_rfc3339(bound.unix_micros, 0) == text);
    }
}

TEST_CASE("any text either parses or is refused with its message; never an exception") {
    // Texts built from the characters the grammar cares about (fixed seed: reproducible).
    constexpr std::string_view alphabet = "0123456789-:T Zz+.t\xc3\xa9";
    std::uint64_t state = 20261101;
    auto next = [&state] {
        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::size_t>(state >> 33);
    };
    const std::string templates[] = {"2026-11-01", "2026-11-01T10:00:00Z",
                                     "2026-11-01T10:00:00.123456789+05:30", "9999-12-31T23:59:60-00:01",
                                     "0001-01-01T00:00:00+23:59"};
    int parsed = 0;
    for (int i = 0; i < 20000; ++i) {
        std::string text = templates[next() % std::size(templates)];
        for (std::size_t edits = next() % 4; edits > 0; --edits) {
            std::size_t at = next() % (text.size() + 1);
            char c = alphabet[next() % alphabet.size()];
            switch (next() % 3) {
                case 0:
                    text.insert(text.begin() + static_cast<std::ptrdiff_t>(at), c);
                    break;
                case 1:
                    if (at < text.size()) text[at] = c;
                    break;
                default:
                    if (at < text.size()) text.erase(at, 1);
                    break;
            }
        }
        INFO("text: " << text);
        auto result = parse_time_bound(text);  // must not throw
        if (!result) {
            CHECK_FALSE(result.error().empty());
            continue;
        }
        ++parsed;
        const auto& bound = result.value();
        if (bound.which == time_bound::kind::instant) {
            // Its canonical text parses back to the same instant.
            auto again = parse_time_bound(bound.text);
            REQUIRE(again.ok());
            CHECK(again.value().unix_micros == bound.unix_micros);
            CHECK(format_rfc3339(bound.unix_micros, 0) == bound.text);
        } else if (text.size() == 8) {  // YYYYMMDD: written YYYY-MM-DD
            CHECK(bound.text == text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2));
        } else {
            CHECK(bound.text == text);
        }
    }
    CHECK(parsed > 1000);  // the edits leave many texts valid, so both paths are exercised
}
