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

TEST_CASE("instant_value: a date is midnight UTC, a time is rewritten to UTC; anything else is refused") {
    auto check = instant_value();
    std::string date = "2026-03-01";
    CHECK(check(date).empty());
    CHECK(date == "2026-03-01T00:00:00Z");
    std::string offset = "2026-03-01T12:30:00+02:00";
    CHECK(check(offset).empty());
    CHECK(offset == "2026-03-01T10:30:00Z");
    std::string bad_day = "2026-02-30";
    CHECK(check(bad_day).find("2026-02-30") != std::string::npos);
    std::string no_offset = "2026-03-01T10:00:00";
    CHECK_FALSE(check(no_offset).empty());
}

TEST_CASE("model_key_value: PROVIDER/MODEL split at the first slash, both parts non-empty") {
    auto check = model_key_value();
    CHECK(verdict(check, "openrouter/z-ai/glm-4.5-air:free").empty());
    CHECK(split_model_key("openrouter/z-ai/glm-4.5-air:free").model == "z-ai/glm-4.5-air:free");
    CHECK(split_model_key("openrouter/z-ai/glm-4.5-air:free").provider == "openrouter");
    CHECK(verdict(check, "gpt-4o") == "'gpt-4o' is not PROVIDER/MODEL, e.g. openai/gpt-4o");
    CHECK_FALSE(verdict(check, "/gpt-4o").empty());
    CHECK_FALSE(verdict(check, "openai/").empty());
}
