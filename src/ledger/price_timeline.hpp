#pragma once
// Which book period prices a message created at a given time (issue 16, "Pricing at
// created_at"), over plain values: the caller reads the periods (price_catalog_periods.sql).
// A custom period beats the default one in force at the same time; a time before the first
// period of both takes the earliest one (custom first on a tie), flagged, since old usage
// must still be priced; a time in a gap of the history (the price was deleted) has no price.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace chatcost::db {

// One period of a (provider, model)'s book price: [valid_from, valid_until), in epoch
// microseconds, exact as PostgreSQL stores timestamptz.
struct book_period {
    std::int64_t id = 0;
    bool custom = false;  // source 'custom' (an operator's price), else 'default'
    std::int64_t valid_from = 0;
    std::optional<std::int64_t> valid_until{};  // nullopt: still in force
    std::string valid_from_text{};              // RFC 3339, UTC, for people
    std::optional<std::string> valid_until_text{};

    bool contains(std::int64_t at) const noexcept {
        return valid_from <= at && (!valid_until || at < *valid_until);
    }
};

struct period_choice {
    std::size_t index = 0;      // into the periods given
    bool before_first = false;  // `at` is before every period: the earliest one is used
};

// The period in force at `at` among one (provider, model)'s periods (any order); nullopt when
// there are none, or `at` falls in a gap.
std::optional<period_choice> choose_period(std::span<const book_period> periods, std::int64_t at) noexcept;

// The period in force now: the open custom one, else the open default one.
std::optional<std::size_t> open_period(std::span<const book_period> periods) noexcept;

}  // namespace chatcost::db
