#include <doctest/doctest.h>

#include "cmd/flag_checks.hpp"

using namespace chatcost::commands;

namespace {

// What the validator says about `text` ("" when it accepts it).
std::string verdict(const CLI::Validator& check, std::string text) {
    return check(text);
}

}  // namespace

TEST_CASE("whole_number: digits within the bounds, said without a double's 309 digits") {
    auto from_zero = whole_number(0);
    CHECK(verdict(from_zero, "0").empty());
    CHECK(verdict(from_zero, "9223372036854775807").empty());
    CHECK(verdict(from_zero, "99999999999999999999") ==
          "'99999999999999999999' is not a whole number (0 or more): it is beyond 9223372036854775807");
    CHECK(verdict(from_zero, "-1") == "'-1' is not a whole number (0 or more): it is below 0");
    CHECK(verdict(from_zero, "1.5") ==
          "'1.5' is not a whole number (0 or more): it is not written in digits only");
    CHECK(verdict(from_zero, "+3") ==
          "'+3' is not a whole number (0 or more): it is not written in digits only");
    CHECK(verdict(from_zero, "") == "'' is not a whole number (0 or more): it is not written in digits only");
    auto bounded = whole_number(1, 1'000'000);
    CHECK(verdict(bounded, "1000000").empty());
    CHECK(verdict(bounded, "1000001") ==
          "'1000001' is not a whole number from 1 to 1000000: it is above 1000000");
}

TEST_CASE("positive_number: finite decimals above 0") {
    auto rate = positive_number();
    CHECK(verdict(rate, "2.5").empty());
    CHECK(verdict(rate, "5e3").empty());
    CHECK(verdict(rate, "0") == "'0' is not a number above 0: it is 0 or less");
    CHECK(verdict(rate, "-2") == "'-2' is not a number above 0: it is 0 or less");
    CHECK(verdict(rate, "1e999") == "'1e999' is not a number above 0: it is too large");
    for (const char* text : {"nan", "inf", "0x10", "fast", "", "3 "}) {
        CHECK(verdict(rate, text) ==
              "'" + std::string(text) +
                  "' is not a number above 0: it is not a decimal number such as 500 or 2.5");
    }
}

TEST_CASE("text_value: valid UTF-8, and not empty unless allowed; bad bytes shown escaped") {
    auto user = text_value("a username or a user id", false);
    CHECK(verdict(user, "alice").empty());
    CHECK(verdict(user, "Zoë").empty());
    CHECK(verdict(user, "") == "'' is empty: give a username or a user id");
    CHECK(verdict(user,
                  "al\xff"
                  "ce") ==
          "'al\\xFFce' is not valid UTF-8: byte 3 does not begin a character; give a "
          "username or a user id");
    auto search = text_value("text", true);
    CHECK(verdict(search, "").empty());
    CHECK(verdict(search, "caf\xC3") ==
          "'caf\\xC3' is not valid UTF-8: byte 4 does not begin a character; give text");
}
