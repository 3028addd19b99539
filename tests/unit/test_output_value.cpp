#include <doctest/doctest.h>

#include <stdexcept>

#include "output/value.hpp"

using namespace chatcost::output;

TEST_CASE("value: an empty optional is null, never zero") {
    CHECK(value::money(std::nullopt).is_null());
    CHECK(value::money(std::nullopt).display() == display_kind::money_micros);
    CHECK(value::price(std::nullopt).display() == display_kind::price_micros_per_million);
    CHECK(value::count(std::nullopt).is_null());
    CHECK(value::tokens(std::nullopt).is_null());
    CHECK(value::integer(std::nullopt).is_null());
    CHECK(value::text(std::optional<std::string>{}).is_null());
    CHECK(value::decimal(std::nullopt).is_null());
    CHECK(value::timestamp(std::nullopt).is_null());
    CHECK(value().is_null());
}

TEST_CASE("value: scalars keep their figure and display kind") {
    CHECK(value::money(0).as_integer() == 0);
    CHECK(value::money(0).display() == display_kind::money_micros);
    CHECK(value::tokens(12).display() == display_kind::tokens);
    CHECK(value::count(12).display() == display_kind::count);
    CHECK(value::integer(7).display() == display_kind::plain);
    CHECK(value::boolean(true).as_boolean());
    CHECK(value::text("a").as_text() == "a");
    CHECK(value::text(std::string("b")).as_text() == "b");
    CHECK(value::text(std::string_view("c")).as_text() == "c");
    CHECK(value::decimal("0.000001500000").as_text() == "0.000001500000");
    CHECK(value::decimal("0.000001500000").type() == value_type::text);
    CHECK(value::timestamp("2026-11-22T08:40:00Z").display() == display_kind::timestamp);
}

TEST_CASE("value: a decimal must be exact decimal text") {
    CHECK_NOTHROW(value::decimal("-12.5"));
    CHECK_NOTHROW(value::decimal("3"));
    CHECK_THROWS_AS(value::decimal("1e-6"), std::invalid_argument);
    CHECK_THROWS_AS(value::decimal(".5"), std::invalid_argument);
    CHECK_THROWS_AS(value::decimal("5."), std::invalid_argument);
    CHECK_THROWS_AS(value::decimal(""), std::invalid_argument);
    CHECK_THROWS_AS(value::decimal("NaN"), std::invalid_argument);
}

TEST_CASE("value: objects keep insertion order and reject duplicate keys") {
    value report = value::object({{"b", value::integer(1)}, {"a", value::integer(2)}});
    report.add("c", value::count(3), "Sea");
    REQUIRE(report.members().size() == 3);
    CHECK(report.members()[0].key == "b");
    CHECK(report.members()[1].key == "a");
    CHECK(report.members()[2].title == "Sea");
    CHECK(report.find("a")->as_integer() == 2);
    CHECK(report.find("zz") == nullptr);
    CHECK_THROWS_AS(report.add("a", value::null()), std::invalid_argument);
    CHECK_THROWS_AS(value::object({{"x", value()}, {"x", value()}}), std::invalid_argument);
}

TEST_CASE("value: builders and accessors refuse the wrong type") {
    value number = value::integer(1);
    CHECK_THROWS_AS(number.add("a", value()), std::logic_error);
    CHECK_THROWS_AS(number.append(value()), std::logic_error);
    CHECK_THROWS_AS(number.as_text(), std::logic_error);
    CHECK_THROWS_AS(value::text("x").as_integer(), std::logic_error);
    CHECK_THROWS_AS(value::null().as_boolean(), std::logic_error);
    CHECK_THROWS_AS(value::array().members(), std::logic_error);
    CHECK(number.find("a") == nullptr);
}

TEST_CASE("value: add_rows adds the list and its totals member") {
    value report = value::object();
    value rows = value::rows({"model", {"cost_micros", "Cost"}});
    rows.append(value::object({{"model", value::text("m")}, {"cost_micros", value::money(5)}}));
    report.add_rows("by_model", rows, value::object({{"cost_micros", value::money(5)}}), "By model");
    REQUIRE(report.members().size() == 2);
    CHECK(report.members()[0].key == "by_model");
    CHECK(report.members()[0].title == "By model");
    CHECK(report.members()[1].key == "by_model_totals");
    CHECK(report.find("by_model")->columns().size() == 2);
    CHECK(report.find("by_model")->columns()[1].title == "Cost");

    value without_totals = value::object();
    without_totals.add_rows("by_day", value::rows({"day"}));
    CHECK(without_totals.members().size() == 1);

    CHECK_THROWS_AS(report.add_rows("x", value::integer(1)), std::logic_error);
    CHECK_THROWS_AS(report.add_rows("y", value::array(), value::integer(1)), std::logic_error);
}

TEST_CASE("value: what counts as a list of rows") {
    CHECK(is_row_list(value::rows({"a"})));
    CHECK(is_row_list(value::array({value::object()})));
    CHECK_FALSE(is_row_list(value::array()));
    CHECK_FALSE(is_row_list(value::array({value::object(), value::integer(1)})));
    CHECK_FALSE(is_row_list(value::object()));
}

TEST_CASE("value: titles derived from keys") {
    CHECK(derive_title("input_tokens") == "Input tokens");
    CHECK(derive_title("user") == "User");
    CHECK(derive_title("") == "");
    CHECK(derive_title("total_cost_micros") == "Total cost micros");
    CHECK(derive_title("total_cost_micros", display_kind::money_micros) == "Total cost");
    CHECK(derive_title("input_price_micros_per_million", display_kind::price_micros_per_million) ==
          "Input price");
    CHECK(derive_title("micros", display_kind::money_micros) == "Micros");
    CHECK(derive_title("cost_microseconds", display_kind::money_micros) == "Cost microseconds");
}
