#include <doctest/doctest.h>

#include <memory>
#include <stdexcept>
#include <string>

#include "util/result.hpp"

using chatcost::result;

namespace {
result<int> half(int number) {
    if (number % 2 != 0) return result<int>::failure(std::to_string(number) + " is odd");
    return number / 2;
}
}  // namespace

TEST_CASE("result: a value, or the message that says why there is none") {
    auto good = half(8);
    CHECK(good.ok());
    CHECK(static_cast<bool>(good));
    CHECK(good.value() == 4);
    CHECK(good.error().empty());

    auto bad = half(7);
    CHECK_FALSE(bad.ok());
    CHECK_FALSE(static_cast<bool>(bad));
    CHECK(bad.error() == "7 is odd");
}

TEST_CASE("result: reading a missing value is a bug") {
    auto bad = half(3);
    CHECK_THROWS_AS((void)bad.value(), std::logic_error);
    CHECK_THROWS_WITH((void)half(5).value(), "result::value() on a failure: 5 is odd");
}

TEST_CASE("result: a text value is not mistaken for a failure, and a temporary gives its value up") {
    result<std::string> text = std::string("fine");
    CHECK(text.ok());
    CHECK(text.value() == "fine");
    CHECK(result<std::string>::failure("bad").error() == "bad");

    result<std::unique_ptr<int>> owned = std::make_unique<int>(42);
    auto taken = std::move(owned).value();
    CHECK(*taken == 42);
}
