#include <doctest/doctest.h>

#include <cstdint>
#include <limits>
#include <sstream>

#include "output/render.hpp"

using namespace chatcost::output;

namespace {
std::string json(const value& report) {
    std::ostringstream out;
    render_json(out, report);
    return out.str();
}
}  // namespace

TEST_CASE("json: scalars, with null never turned into 0") {
    CHECK(json(value::null()) == "null\n");
    CHECK(json(value::money(std::nullopt)) == "null\n");
    CHECK(json(value::money(0)) == "0\n");
    CHECK(json(value::money(-5)) == "-5\n");
    CHECK(json(value::boolean(true)) == "true\n");
    CHECK(json(value::count(1'234'567)) == "1234567\n");
    CHECK(json(value::integer(std::numeric_limits<std::int64_t>::min())) == "-9223372036854775808\n");
    CHECK(json(value::decimal("0.000001500000")) == "\"0.000001500000\"\n");
    CHECK(json(value::timestamp("2026-11-22T08:40:00Z")) == "\"2026-11-22T08:40:00Z\"\n");
}

TEST_CASE("json: objects keep insertion order, 2-space indent") {
    value report =
        value::object({{"z", value::integer(1)}, {"a", value::array({value::integer(2), value::null()})}});
    report.add("m", value::object({{"k", value::text("v")}}));
    CHECK(json(report) ==
          "{\n"
          "  \"z\": 1,\n"
          "  \"a\": [\n"
          "    2,\n"
          "    null\n"
          "  ],\n"
          "  \"m\": {\n"
          "    \"k\": \"v\"\n"
          "  }\n"
          "}\n");
}

TEST_CASE("json: empty containers") {
    CHECK(json(value::object()) == "{}\n");
    CHECK(json(value::array()) == "[]\n");
    CHECK(json(value::rows({"a", "b"})) == "[]\n");
}

TEST_CASE("json: string escapes per RFC 8259") {
    CHECK(json(value::text("say \"hi\" \\ /")) == "\"say \\\"hi\\\" \\\\ /\"\n");
    CHECK(json(value::text("\b\f\n\r\t")) == "\"\\b\\f\\n\\r\\t\"\n");
    CHECK(json(value::text(std::string("\0\x01\x1b\x1f", 4))) == "\"\\u0000\\u0001\\u001b\\u001f\"\n");
    CHECK(json(value::text("del\x7f")) == "\"del\\u007f\"\n");
    CHECK(json(value::text("csi\xc2\x9b")) == "\"csi\\u009b\"\n");
    CHECK(json(value::text("Zo\xc3\xab 100%")) == "\"Zo\xc3\xab 100%\"\n");
    CHECK(json(value::text("\xf0\x9f\x98\x80")) == "\"\xf0\x9f\x98\x80\"\n");
}

TEST_CASE("json: ill-formed UTF-8 becomes U+FFFD") {
    CHECK(json(value::text("a\xff"
                           "b")) ==
          "\"a\xef\xbf\xbd"
          "b\"\n");
    CHECK(json(value::text("\xe2\x82")) == "\"\xef\xbf\xbd\"\n");
    CHECK(json(value::object({{"k\xff", value::null()}})) == "{\n  \"k\xef\xbf\xbd\": null\n}\n");
}

TEST_CASE("json: compact form for log lines") {
    value line =
        value::object({{"a", value::integer(1)}, {"b", value::array({value::text("x"), value::object()})}});
    CHECK(to_compact_json(line) == "{\"a\":1,\"b\":[\"x\",{}]}");
}

TEST_CASE("render: dispatches on the format") {
    value report = value::object({{"a", value::count(1000)}});
    std::ostringstream table;
    std::ostringstream json_out;
    std::ostringstream csv;
    render(table, report, format::table);
    render(json_out, report, format::json);
    render(csv, report, format::csv);
    CHECK(table.str() == "A:  1,000\n");
    CHECK(json_out.str() == "{\n  \"a\": 1000\n}\n");
    CHECK(csv.str() == "key,value\r\na,1000\r\n");
}
