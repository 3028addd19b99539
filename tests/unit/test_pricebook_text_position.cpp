#include <doctest/doctest.h>

#include "pricebook/text_position.hpp"

using chatcost::pricebook::position_of;

TEST_CASE("line and column count from 1, columns in characters") {
    const std::string text = "[\n  {\"m\": \"é\", \"p\": -1}\n]";
    CHECK(position_of(text, 0).to_string() == "1:1");
    CHECK(position_of(text, 1).to_string() == "1:2");
    CHECK(position_of(text, 2).to_string() == "2:1");
    auto minus = text.find("-1");
    CHECK(position_of(text, minus).to_string() == "2:19");            // é is two bytes, one column
    CHECK(position_of(text, text.size() + 10).to_string() == "3:2");  // clamped to the end
}
