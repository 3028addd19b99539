#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "output/display.hpp"

using namespace chatcost::output;

namespace {
constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int64_min = std::numeric_limits<std::int64_t>::min();
}  // namespace

TEST_CASE("display: money rounds to cents and never hides a cost") {
    CHECK(format_money(0) == "$0.00");
    CHECK(format_money(1) == "<$0.01");
    CHECK(format_money(4'999) == "<$0.01");
    CHECK(format_money(5'000) == "<$0.01");
    CHECK(format_money(9'999) == "<$0.01");
    CHECK(format_money(10'000) == "$0.01");
    CHECK(format_money(14'999) == "$0.01");
    CHECK(format_money(15'000) == "$0.02");
    CHECK(format_money(994'999) == "$0.99");
    CHECK(format_money(995'000) == "$1.00");
    CHECK(format_money(1'234'567'890) == "$1,234.57");
    CHECK(format_money(999'999'999) == "$1,000.00");
    CHECK(format_money(int64_max) == "$9,223,372,036,854.78");
}

TEST_CASE("display: negative money leads with a minus") {
    CHECK(format_money(-1) == "-<$0.01");
    CHECK(format_money(-10'000) == "-$0.01");
    CHECK(format_money(-1'234'567'890) == "-$1,234.57");
    CHECK(format_money(int64_min) == "-$9,223,372,036,854.78");
    CHECK(format_money(-1, true) == "-$0.000001");
}

TEST_CASE("display: null money is unpriced, never $0") {
    CHECK(format_money(std::nullopt) == "unpriced");
    CHECK(format_money(std::nullopt, true) == "unpriced");
}

TEST_CASE("display: exact money shows all six decimals") {
    CHECK(format_money(0, true) == "$0.000000");
    CHECK(format_money(1, true) == "$0.000001");
    CHECK(format_money(123, true) == "$0.000123");
    CHECK(format_money(4'999, true) == "$0.004999");
    CHECK(format_money(1'234'567'890, true) == "$1,234.567890");
    CHECK(format_money(int64_max, true) == "$9,223,372,036,854.775807");
}

TEST_CASE("display: prices are exact with at least two decimals") {
    CHECK(format_price(3'000'000) == "$3.00");
    CHECK(format_price(3'750'000) == "$3.75");
    CHECK(format_price(75'000) == "$0.075");
    CHECK(format_price(150'000) == "$0.15");
    CHECK(format_price(1) == "$0.000001");
    CHECK(format_price(1'234'567) == "$1.234567");
    CHECK(format_price(0) == "$0.00");
    CHECK(format_price(15'000'000'000) == "$15,000.00");
    CHECK(format_price(-500'000) == "-$0.50");
    CHECK(format_price(std::nullopt) == "unknown");
}

TEST_CASE("display: counts have thousands separators") {
    CHECK(format_count(0) == "0");
    CHECK(format_count(999) == "999");
    CHECK(format_count(1'000) == "1,000");
    CHECK(format_count(1'234'567) == "1,234,567");
    CHECK(format_count(-1'234) == "-1,234");
    CHECK(format_count(int64_max) == "9,223,372,036,854,775,807");
    CHECK(format_count(int64_min) == "-9,223,372,036,854,775,808");
}

TEST_CASE("display: decimals lose trailing fractional zeros only") {
    CHECK(format_decimal("0.000001500000") == "0.0000015");
    CHECK(format_decimal("3.000") == "3");
    CHECK(format_decimal("100") == "100");
    CHECK(format_decimal("-0.0") == "0");
    CHECK(format_decimal("10.50") == "10.5");
}

TEST_CASE("display: terminal escapes") {
    CHECK(escape_for_terminal("plain 100% Zo\xc3\xab") == "plain 100% Zo\xc3\xab");
    CHECK(escape_for_terminal("a\nb\tc\rd") == "a\\nb\\tc\\rd");
    CHECK(escape_for_terminal("\x1b[31mred") == "\\x1b[31mred");
    CHECK(escape_for_terminal(std::string("nul\0!", 5)) == "nul\\x00!");
    CHECK(escape_for_terminal("del\x7f") == "del\\x7f");
    CHECK(escape_for_terminal("csi\xc2\x9b") == "csi\\u009b");        // C1 as a code point
    CHECK(escape_for_terminal("rlo\xe2\x80\xae!") == "rlo\\u202e!");  // bidi override
    CHECK(escape_for_terminal("bad\xff\xfe") == "bad\\xff\\xfe");     // each ill-formed byte
    CHECK(escape_for_terminal("caf\xc3(") == "caf\\xc3(");
    CHECK(escape_for_terminal("\xe2\x82") == "\\xe2\\x82");        // a truncated sequence
    CHECK(escape_for_terminal("C:\\path") == "C:\\path");          // backslashes kept
    CHECK(escape_for_terminal("\xc2\xa0nbsp") == "\xc2\xa0nbsp");  // U+00A0 is printable
}

TEST_CASE("display: scalars as table cells") {
    CHECK(display_scalar(value::money(std::nullopt), false) == "unpriced");
    CHECK(display_scalar(value::price(std::nullopt), false) == "unknown");
    CHECK(display_scalar(value::count(std::nullopt), false) == "-");
    CHECK(display_scalar(value::null(), false) == "-");
    CHECK(display_scalar(value::boolean(true), false) == "yes");
    CHECK(display_scalar(value::boolean(false), false) == "no");
    CHECK(display_scalar(value::integer(812734), false) == "812734");
    CHECK(display_scalar(value::tokens(812734), false) == "812,734");
    CHECK(display_scalar(value::money(123), true) == "$0.000123");
    CHECK(display_scalar(value::decimal("1.50"), false) == "1.5");
    CHECK(display_scalar(value::timestamp("2026-11-22T08:40:00Z"), false) == "2026-11-22T08:40:00Z");
    CHECK(display_scalar(value::text("a\x1b"), false) == "a\\x1b");
    CHECK(display_scalar(value::object({{"k", value::text("\n")}}), false) == "{\"k\":\"\\n\"}");
}
