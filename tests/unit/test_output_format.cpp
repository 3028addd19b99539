#include <doctest/doctest.h>

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
