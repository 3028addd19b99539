#include <doctest/doctest.h>

#include "cost/json_number.hpp"

using namespace chatcost::cost;

TEST_CASE("a JSON number is taken apart as written") {
    auto number = scan_json_number("-12.50e+3");
    REQUIRE(number);
    CHECK(number->negative);
    CHECK(number->whole == "12");
    CHECK(number->fraction == "50");
    CHECK(number->has_exponent);
    CHECK(number->exponent == 3);
    CHECK_FALSE(number->is_integer_literal());
    CHECK(scan_json_number("3000000")->is_integer_literal());
    CHECK_FALSE(scan_json_number("3e6")->is_integer_literal());
    CHECK_FALSE(scan_json_number("3.0")->is_integer_literal());
}

TEST_CASE("the grammar is RFC 8259's, strictly") {
    for (const char* good : {"0", "-0", "1", "10", "0.5", "1e5", "1E-5", "1e+5", "-1.25e-3"}) {
        CHECK_MESSAGE(scan_json_number(good).has_value(), good);
    }
    for (const char* bad :
         {"", "-", "+1", "01", "-01", ".5", "1.", "1e", "1e+", "1.2.3", "1 ", " 1", "0x1", "NaN"}) {
        CHECK_MESSAGE(!scan_json_number(bad).has_value(), bad);
    }
}

TEST_CASE("huge exponents saturate instead of overflowing") {
    CHECK(scan_json_number("1e99999999999999999999")->exponent == 1'000'000'000);
    CHECK(scan_json_number("1e-99999999999999999999")->exponent == -1'000'000'000);
}

TEST_CASE("significant digits and their power of ten") {
    auto digits = [](const char* text) { return significant_digits(*scan_json_number(text)); };
    CHECK(digits("0.0375").digits == "375");
    CHECK(digits("0.0375").power == -4);
    CHECK(digits("1.5e3").digits == "15");
    CHECK(digits("1.5e3").power == 2);
    CHECK(digits("1500").digits == "15");
    CHECK(digits("1500").power == 2);
    CHECK(digits("-0.000").digits.empty());
}

TEST_CASE("trim_token drops the whitespace simdjson leaves after a token") {
    CHECK(trim_token("1 \n\t\r") == "1");
    CHECK(trim_token("1") == "1");
    CHECK(trim_token("") == "");
}
