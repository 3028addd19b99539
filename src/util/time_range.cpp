#include "util/time_range.hpp"

#include <stdexcept>
#include <utility>

#include <fmt/format.h>

namespace chatcost {

namespace {

constexpr std::size_t quoted_text_limit = 40;
constexpr std::int64_t micros_per_second = 1'000'000;
constexpr std::int64_t seconds_per_day = 86'400;

constexpr const char* month_names[] = {"January", "February", "March",     "April",   "May",      "June",
                                       "July",    "August",   "September", "October", "November", "December"};

// The text as an error message shows it: quoted, control characters escaped, cut to a
// readable length on a UTF-8 boundary.
std::string quote(std::string_view text) {
    bool cut = text.size() > quoted_text_limit;
    if (cut) {
        std::size_t end = quoted_text_limit;
        while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
        text = text.substr(0, end);
    }
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte == 0x7F) {
            out += fmt::format("\\x{:02x}", byte);
        } else {
            out += c;
        }
    }
    out += cut ? "\"…" : "\"";
    return out;
}

bool is_leap_year(int year) {
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int days_in_month(int year, int month) {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap_year(year) ? 29 : days[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t year, int month, int day) {
    year -= month <= 2;
    const std::int64_t era = (year >= 0 ? year : year - 399) / 400;
    const std::int64_t year_of_era = year - era * 400;
    const std::int64_t day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const std::int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146'097 + day_of_era - 719'468;
}

struct civil_date {
    std::int64_t year;
    int month;
    int day;
};

// The inverse of days_from_civil.
civil_date civil_from_days(std::int64_t days) {
    days += 719'468;
    const std::int64_t era = (days >= 0 ? days : days - 146'096) / 146'097;
    const std::int64_t day_of_era = days - era * 146'097;
    const std::int64_t year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36'524 - day_of_era / 146'096) / 365;
    const std::int64_t day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const std::int64_t mp = (5 * day_of_year + 2) / 153;
    const int day = static_cast<int>(day_of_year - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {year_of_era + era * 400 + (month <= 2), month, day};
}

// Reads the text left to right; every read checks the length first.
class cursor {
public:
    explicit cursor(std::string_view text) : text_(text) {}

    bool at_end() const { return at_ == text_.size(); }
    char peek() const { return at_end() ? '\0' : text_[at_]; }

    // Exactly `count` ASCII digits.
    std::optional<int> digits(std::size_t count) {
        if (text_.size() - at_ < count) return std::nullopt;
        int number = 0;
        for (std::size_t i = 0; i < count; ++i) {
            char c = text_[at_ + i];
            if (c < '0' || c > '9') return std::nullopt;
            number = number * 10 + (c - '0');
        }
        at_ += count;
        return number;
    }

    bool take(char expected) {
        if (peek() != expected || at_end()) return false;
        ++at_;
        return true;
    }

    bool take_any_of(std::string_view set) {
        if (at_end() || set.find(text_[at_]) == std::string_view::npos) return false;
        ++at_;
        return true;
    }

    // One or more digits after a '.': the first six are the microseconds; whether any further
    // digit is not zero says whether to round up.
    std::optional<std::pair<std::int64_t, bool>> fraction() {
        std::int64_t micros = 0;
        std::size_t count = 0;
        bool finer = false;
        while (!at_end() && text_[at_] >= '0' && text_[at_] <= '9') {
            int digit = text_[at_] - '0';
            if (count < 6) {
                micros = micros * 10 + digit;
            } else if (digit != 0) {
                finer = true;
            }
            ++count;
            ++at_;
        }
        if (count == 0) return std::nullopt;
        for (std::size_t i = count; i < 6; ++i) micros *= 10;
        return std::pair{micros, finer};
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;
};

time_bound_result fail(std::string_view text, std::string_view why) {
    return time_bound_result::failure(quote(text) + " " + std::string(why));
}

time_bound_result not_a_bound(std::string_view text) {
    return fail(
        text,
        "is not a date (YYYY-MM-DD or YYYYMMDD) or an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SSZ, or with an "
        "offset such as +02:00)");
}

}  // namespace

time_bound_result parse_time_bound(std::string_view text) {
    cursor in(text);
    auto year = in.digits(4);
    if (!year) return not_a_bound(text);
    // YYYYMMDD, as ccusage takes it: a date only, never the start of a timestamp.
    const bool basic_date = text.size() == 8 && in.peek() != '-';
    if (!basic_date && !in.take('-')) return not_a_bound(text);
    auto month = in.digits(2);
    if (!month || (!basic_date && !in.take('-'))) return not_a_bound(text);
    auto day = in.digits(2);
    if (!day) return not_a_bound(text);

    if (*year == 0) return fail(text, "is not a valid date: year 0000 is out of range (0001-9999)");
    if (*month < 1 || *month > 12) {
        return fail(text, fmt::format("is not a valid date: month {:02} is out of range (01-12)", *month));
    }
    if (*day < 1 || *day > days_in_month(*year, *month)) {
        return fail(text, fmt::format("is not a valid date: {} {} has {} days", month_names[*month - 1],
                                      *year, days_in_month(*year, *month)));
    }
    const std::int64_t days = days_from_civil(*year, *month, *day);

    if (in.at_end()) {
        // The extended form, whatever was given: the SQL and the report read one spelling.
        return time_bound{time_bound::kind::date, fmt::format("{:04}-{:02}-{:02}", *year, *month, *day),
                          days * seconds_per_day * micros_per_second};
    }

    if (!in.take_any_of("Tt ")) return not_a_bound(text);
    auto hour = in.digits(2);
    if (!hour || !in.take(':')) return not_a_bound(text);
    auto minute = in.digits(2);
    if (!minute || !in.take(':')) return not_a_bound(text);
    auto second = in.digits(2);
    if (!second) return not_a_bound(text);
    std::pair<std::int64_t, bool> fraction{0, false};
    if (in.take('.')) {
        auto digits = in.fraction();
        if (!digits) return not_a_bound(text);
        fraction = *digits;
    }
    if (*hour > 23)
        return fail(text, fmt::format("is not a valid time: hour {:02} is out of range (00-23)", *hour));
    if (*minute > 59) {
        return fail(text, fmt::format("is not a valid time: minute {:02} is out of range (00-59)", *minute));
    }
    if (*second > 60) {
        return fail(text, fmt::format("is not a valid time: second {:02} is out of range (00-60)", *second));
    }

    int offset_seconds = 0;
    if (in.at_end()) {
        return fail(text, "has no UTC offset: add Z (UTC) or an offset such as +02:00, or give a date alone");
    }
    if (!in.take_any_of("Zz")) {
        char sign = in.peek();
        if (!in.take_any_of("+-")) return not_a_bound(text);
        auto offset_hours = in.digits(2);
        if (!offset_hours || !in.take(':')) return not_a_bound(text);
        auto offset_minutes = in.digits(2);
        if (!offset_minutes) return not_a_bound(text);
        if (*offset_hours > 23 || *offset_minutes > 59) {
            return fail(text, "has an offset out of range (-23:59 to +23:59)");
        }
        offset_seconds = (*offset_hours * 3600 + *offset_minutes * 60) * (sign == '-' ? -1 : 1);
    }
    if (!in.at_end()) return not_a_bound(text);

    const std::int64_t local_seconds = days * seconds_per_day + *hour * 3600 + *minute * 60 + *second;
    std::int64_t micros = (local_seconds - offset_seconds) * micros_per_second + fraction.first;
    if (fraction.second) ++micros;  // finer than PostgreSQL keeps: round up (see time_bound)
    // An offset or a leap second can carry 0001-01-01 or 9999-12-31 past the years we write.
    const std::int64_t first = days_from_civil(1, 1, 1) * seconds_per_day * micros_per_second;
    const std::int64_t past_last = days_from_civil(10'000, 1, 1) * seconds_per_day * micros_per_second;
    if (micros < first || micros >= past_last) return fail(text, "is out of range (years 0001-9999 in UTC)");
    return time_bound{time_bound::kind::instant, format_rfc3339(micros, 0), micros};
}

time_bound day_after(const time_bound& date) {
    const std::int64_t next = date.unix_micros / (seconds_per_day * micros_per_second) + 1;
    const civil_date civil = civil_from_days(next);
    return time_bound{time_bound::kind::date,
                      fmt::format("{:04}-{:02}-{:02}", civil.year, civil.month, civil.day),
                      next * seconds_per_day * micros_per_second};
}

std::string format_rfc3339(std::int64_t unix_micros, std::int32_t utc_offset_seconds) {
    if (utc_offset_seconds % 60 != 0) utc_offset_seconds = 0;
    // Floor division, so that instants before 1970 split into a day and a time of day too.
    auto floor_div = [](std::int64_t a, std::int64_t b) {
        return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
    };
    const std::int64_t local_micros = unix_micros + std::int64_t{utc_offset_seconds} * micros_per_second;
    const std::int64_t local_seconds = floor_div(local_micros, micros_per_second);
    const std::int64_t micros = local_micros - local_seconds * micros_per_second;
    const std::int64_t days = floor_div(local_seconds, seconds_per_day);
    const std::int64_t second_of_day = local_seconds - days * seconds_per_day;
    const civil_date date = civil_from_days(days);
    if (date.year < 1 || date.year > 9999) {
        throw std::out_of_range(fmt::format("format_rfc3339: year {} is out of range", date.year));
    }
    std::string out = fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}", date.year, date.month, date.day,
                                  second_of_day / 3600, second_of_day / 60 % 60, second_of_day % 60);
    if (micros != 0) out += fmt::format(".{:06}", micros);
    if (utc_offset_seconds == 0) {
        out += 'Z';
    } else {
        const int magnitude = utc_offset_seconds < 0 ? -utc_offset_seconds : utc_offset_seconds;
        out += fmt::format("{}{:02}:{:02}", utc_offset_seconds < 0 ? '-' : '+', magnitude / 3600,
                           magnitude / 60 % 60);
    }
    return out;
}

}  // namespace chatcost
