#include <doctest/doctest.h>

#include <string>

#include "util/duration.hpp"
#include "util/failure.hpp"

using namespace std::chrono_literals;
using chatcost::format_duration;
using chatcost::parse_duration;

namespace {

// The failure's message, or "" when the text parses.
std::string rejection(std::string_view text) {
    try {
        parse_duration(text);
        return "";
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::usage);
        return error.what();
    }
}

}  // namespace

TEST_CASE("durations: each unit, and a bare number is seconds") {
    CHECK(parse_duration("500ms") == 500ms);
    CHECK(parse_duration("5s") == 5000ms);
    CHECK(parse_duration("2m") == 120'000ms);
    CHECK(parse_duration("1h") == 3'600'000ms);
    CHECK(parse_duration("7") == 7000ms);
    CHECK(parse_duration("0") == 0ms);
    CHECK(parse_duration("0ms") == 0ms);
    CHECK(parse_duration("007s") == 7000ms);
}

TEST_CASE("durations: errors name the text and the reason") {
    CHECK(rejection("") == "invalid duration '': it is empty");
    CHECK(rejection("s") == "invalid duration 's': it does not start with a number");
    CHECK(rejection("-5s") == "invalid duration '-5s': it does not start with a number");
    CHECK(rejection(" 5s") == "invalid duration ' 5s': it does not start with a number");
    CHECK(rejection("5 s") == "invalid duration '5 s': unknown unit ' s'");
    CHECK(rejection("1.5s") == "invalid duration '1.5s': unknown unit '.5s'");
    CHECK(rejection("5sec") == "invalid duration '5sec': unknown unit 'sec'");
    CHECK(rejection("5S") == "invalid duration '5S': unknown unit 'S'");
    CHECK(rejection("1m30s") == "invalid duration '1m30s': unknown unit 'm30s'");
}

TEST_CASE("durations: the int64 millisecond range is checked, not wrapped") {
    CHECK(parse_duration("9223372036854775807ms").count() == 9223372036854775807);
    CHECK(rejection("9223372036854775808ms") == "invalid duration '9223372036854775808ms': it is too large");
    CHECK(parse_duration("9223372036854775s").count() == 9223372036854775000);
    CHECK(rejection("9223372036854776s") == "invalid duration '9223372036854776s': it is too large");
    CHECK(rejection("99999999999999999999999h") != "");
    CHECK(parse_duration("2562047788015h").count() == 2562047788015 * 3'600'000);
    CHECK(rejection("2562047788016h") == "invalid duration '2562047788016h': it is too large");
}

TEST_CASE("durations: duration_problem says what parse_duration would") {
    CHECK(chatcost::duration_problem("5s") == "");
    CHECK(chatcost::duration_problem("5x") == "invalid duration '5x': unknown unit 'x'");
}

TEST_CASE("durations: format_duration reads back") {
    CHECK(format_duration(0ms) == "0s");
    CHECK(format_duration(5000ms) == "5s");
    CHECK(format_duration(1500ms) == "1500ms");
    CHECK(format_duration(90'000ms) == "90s");
    CHECK(format_duration(120'000ms) == "2m");
    CHECK(format_duration(7'200'000ms) == "2h");
    for (auto ms : {1ms, 999ms, 61'000ms, 3'660'000ms}) CHECK(parse_duration(format_duration(ms)) == ms);
}
