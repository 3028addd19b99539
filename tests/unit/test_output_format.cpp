#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "output/format.hpp"
#include "util/failure.hpp"

using namespace chatcost::output;

TEST_CASE("format: names parse both ways") {
    for (format which : {format::table, format::json, format::csv})
        CHECK(parse_format(to_string(which)) == which);
}

TEST_CASE("format: an unknown name is a usage error") {
    try {
        parse_format("xml");
        FAIL("no failure thrown");
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::usage);
        CHECK(std::string(error.what()) == "unknown format 'xml'");
        CHECK(error.next_step() == "use one of: table, json, csv");
    }
    CHECK_THROWS_AS(parse_format("JSON"), chatcost::failure);
}

TEST_CASE("format: one row per format, in the help's order; tables for people, JSON whole, CSV one list") {
    auto names = format_names();
    REQUIRE(names.size() >= 3);
    CHECK(std::vector<std::string>(names.begin(), names.begin() + 3) ==
          std::vector<std::string>{"table", "json", "csv"});
    CHECK(spec_of(format::table).shows == report_view::for_people);
    CHECK(spec_of(format::json).shows == report_view::whole);
    CHECK(spec_of(format::csv).shows == report_view::one_list);
    for (const auto& spec : formats()) {
        CHECK(static_cast<bool>(spec.render));
        CHECK(&spec_of(spec.which) == &spec);
    }
}
