#include <doctest/doctest.h>

#include <vector>

#include "db/sql_array.hpp"

using namespace chatcost::db;

TEST_CASE("sql_array: integers, with and without NULLs") {
    CHECK(integer_array(std::vector<std::int64_t>{}) == "{}");
    CHECK(integer_array(std::vector<std::int64_t>{1, -2, INT64_MAX}) == "{1,-2,9223372036854775807}");
    CHECK(integer_array(std::vector<std::uint32_t>{0, 4294967295u}) == "{0,4294967295}");
    CHECK(integer_array(std::vector<std::optional<std::int64_t>>{5, std::nullopt, 0}) == "{5,NULL,0}");
}

TEST_CASE("sql_array: text is quoted, so NULL, commas, braces, quotes and backslashes stay text") {
    std::vector<std::string> items{"a", "NULL", "x,y", "{z}", "say \"hi\"", "back\\slash", ""};
    CHECK(text_array(items) == R"({"a","NULL","x,y","{z}","say \"hi\"","back\\slash",""})");
}
