#include <doctest/doctest.h>

#include <sstream>

#include "output/render.hpp"

using namespace chatcost::output;

namespace {
std::string csv(const value& report) {
    std::ostringstream out;
    render_csv(out, report);
    return out.str();
}

value row(std::string model, value cost) {
    return value::object({{"model", value::text(std::move(model))}, {"cost_micros", std::move(cost)}});
}
}  // namespace

TEST_CASE("csv: the first list of rows is the data, with CRLF records") {
    value report =
        value::object({{"user", value::text("alice")}, {"tags", value::array({value::text("x")})}});
    value rows = value::rows({"model", "cost_micros"});
    rows.append(row("a", value::money(1'234'567)));
    rows.append(row("b", value::money(std::nullopt)));
    report.add_rows("by_model", rows, row("Total", value::money(1'234'567)));
    report.add_rows("by_chat", value::array({value::object({{"chat", value::text("c")}})}));
    CHECK(csv(report) ==
          "model,cost_micros\r\n"
          "a,1234567\r\n"
          "b,\r\n");
}

TEST_CASE("csv: columns are declared ones, then the union of keys in first-seen order") {
    value rows = value::rows({"b"});
    rows.append(value::object({{"a", value::integer(1)}, {"b", value::integer(2)}}));
    rows.append(value::object({{"c", value::integer(3)}}));
    CHECK(csv(value::object({{"rows", rows}})) == "b,a,c\r\n2,1,\r\n,,3\r\n");
}

TEST_CASE("csv: an empty list still has its header") {
    CHECK(csv(value::object({{"n", value::count(0)}, {"rows", value::rows({"day", "cost_micros"})}})) ==
          "day,cost_micros\r\n");
}

TEST_CASE("csv: a top-level list is the data") {
    CHECK(csv(value::array({value::object({{"a", value::boolean(true)}})})) == "a\r\ntrue\r\n");
}

TEST_CASE("csv: quoting per RFC 4180") {
    auto field = [](value item) {
        std::string text = csv(value::array({value::object({{"f", std::move(item)}})}));
        return text.substr(3, text.size() - 5);  // drop "f\r\n" and the final "\r\n"
    };
    CHECK(field(value::text("plain")) == "plain");
    CHECK(field(value::text("a,b")) == "\"a,b\"");
    CHECK(field(value::text("say \"hi\"")) == "\"say \"\"hi\"\"\"");
    CHECK(field(value::text("two\nlines")) == "\"two\nlines\"");
    CHECK(field(value::text("cr\r")) == "\"cr\r\"");
    CHECK(field(value::text(" padded ")) == " padded ");
    CHECK(field(value::text("")) == "\"\"");  // empty text, unlike null
    CHECK(field(value::null()) == "");
    CHECK(field(value::text("100%")) == "100%");
}

TEST_CASE("csv: figures are raw") {
    value report = value::array({value::object({
        {"cost", value::money(1)},
        {"price", value::price(3'000'000)},
        {"tokens", value::tokens(1'234'567)},
        {"rate", value::decimal("0.000001500000")},
        {"free", value::boolean(false)},
        {"at", value::timestamp("2026-11-22T08:40:00Z")},
        {"nested", value::object({{"k", value::text("v,w")}})},
    })});
    CHECK(csv(report) ==
          "cost,price,tokens,rate,free,at,nested\r\n"
          "1,3000000,1234567,0.000001500000,false,2026-11-22T08:40:00Z,\"{\"\"k\"\":\"\"v,w\"\"}\"\r\n");
}

TEST_CASE("csv: data is not altered: control bytes kept, formulas kept, bad UTF-8 replaced") {
    value report = value::array({value::object({
        {"esc", value::text("\x1b[31mred")},
        {"formula", value::text("=HYPERLINK(\"x\")")},
        {"minus", value::text("-1")},
        {"bad", value::text("caf\xc3(")},
    })});
    CHECK(csv(report) ==
          "esc,formula,minus,bad\r\n"
          "\x1b[31mred,\"=HYPERLINK(\"\"x\"\")\",-1,caf\xef\xbf\xbd(\r\n");
}

TEST_CASE("csv: without a list, key,value pairs with nested keys joined by dots") {
    value report = value::object({
        {"user", value::text("zo\xc3\xab")},
        {"cost_micros", value::money(std::nullopt)},
        {"prices", value::object({{"input", value::price(1)}, {"a,b", value::integer(2)}})},
        {"warnings", value::array({value::text("w1"), value::text("w2")})},
        {"empty", value::object()},
        {"none", value::array()},
    });
    CHECK(csv(report) ==
          "key,value\r\n"
          "user,zo\xc3\xab\r\n"
          "cost_micros,\r\n"
          "prices.input,1\r\n"
          "\"prices.a,b\",2\r\n"
          "warnings.0,w1\r\n"
          "warnings.1,w2\r\n");
    CHECK(csv(value::object()) == "key,value\r\n");
}

TEST_CASE("csv: control characters are kept for files and escaped for a terminal") {
    value rows = value::rows({"name"});
    rows.append(value::object({{"name", value::text("\x1b[31mred\x07")}}));
    std::ostringstream raw, shown;
    render_csv(raw, rows);
    render_csv(shown, rows, true);
    CHECK(raw.str() == "name\r\n\x1b[31mred\x07\r\n");
    CHECK(shown.str() == "name\r\n\\x1b[31mred\\x07\r\n");
    CHECK(shown.str().find('\x1b') == std::string::npos);
}
