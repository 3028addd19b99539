#include <doctest/doctest.h>

#include <sstream>

#include "output/render.hpp"

using namespace chatcost::output;

namespace {
std::string table(const value& report, render_options options = {}) {
    std::ostringstream out;
    render_table(out, report, options);
    return out.str();
}

value by_model_report() {
    value report =
        value::object({{"user", value::text("alice")}, {"total_cost_micros", value::money(12'340'000)}});
    value rows = value::rows({"model", {"cost_micros", "Cost"}});
    rows.append(value::object({{"model", value::text("claude")}, {"cost_micros", value::money(12'340'000)}}));
    rows.append(value::object({{"model", value::text("gpt")}, {"cost_micros", value::money(std::nullopt)}}));
    report.add_rows(
        "by_model", rows,
        value::object({{"model", value::text("Total")}, {"cost_micros", value::money(12'340'000)}}));
    return report;
}
}  // namespace

TEST_CASE("table: scalars block, then a list with header, separator and totals") {
    CHECK(table(by_model_report()) ==
          "User:        alice\n"
          "Total cost:  $12.34\n"
          "\n"
          "By model\n"
          "Model       Cost\n"
          "------  --------\n"
          "claude    $12.34\n"
          "gpt     unpriced\n"
          "------  --------\n"
          "Total     $12.34\n");
}

TEST_CASE("table: no escape codes at all without colour") {
    CHECK(table(by_model_report()).find('\x1b') == std::string::npos);
}

TEST_CASE("table: colour makes headings bold and unpriced yellow, without moving columns") {
    std::string coloured = table(by_model_report(), {.color = true});
    CHECK(coloured.find("\x1b[1mBy model\x1b[0m\n") != std::string::npos);
    CHECK(coloured.find("\x1b[1mModel\x1b[0m       \x1b[1mCost\x1b[0m\n") != std::string::npos);
    CHECK(coloured.find("gpt     \x1b[33munpriced\x1b[0m\n") != std::string::npos);
    CHECK(coloured.find("claude    $12.34\n") != std::string::npos);
}

TEST_CASE("table: titles come from the member, the declared column, or the key") {
    value report = value::object();
    report.add("total_cost_micros", value::money(0));
    report.add("messages", value::count(2), "Assistant messages");
    report.add("input_price_micros_per_million", value::price(3'000'000));
    CHECK(table(report) ==
          "Total cost:          $0.00\n"
          "Assistant messages:  2\n"
          "Input price:         $3.00\n");
}

TEST_CASE("table: numbers right-aligned, text left-aligned, widths in code points") {
    value rows = value::array();
    rows.append(value::object({{"name", value::text("Zo\xc3\xab")}, {"tokens", value::tokens(1'234'567)}}));
    rows.append(value::object({{"name", value::text("Bartholomew")}, {"tokens", value::tokens(5)}}));
    CHECK(table(value::object({{"users", rows}})) ==
          "Users\n"
          "Name            Tokens\n"
          "-----------  ---------\n"
          "Zo\xc3\xab          1,234,567\n"
          "Bartholomew          5\n");
}

TEST_CASE("table: cells are escaped and measured after escaping") {
    value rows =
        value::array({value::object({{"title", value::text("a\x1b[2Jb")}, {"n", value::integer(1)}}),
                      value::object({{"title", value::text("bad\xff")}, {"n", value::integer(22)}})});
    CHECK(table(rows) ==
          "Title       N\n"
          "---------  --\n"
          "a\\x1b[2Jb   1\n"
          "bad\\xff    22\n");
}

TEST_CASE("table: an empty list shows (none)") {
    value report = value::object({{"by_day", value::rows({"day", "cost_micros"})}});
    CHECK(table(report) == "By day\n(none)\n");
    CHECK(table(value::object({{"warnings", value::array()}})) == "Warnings:  (none)\n");
    CHECK(table(value::object()) == "(none)\n");
}

TEST_CASE("table: missing cells are blank, trailing spaces trimmed") {
    value rows = value::array({value::object({{"a", value::text("x")}, {"b", value::text("long text")}}),
                               value::object({{"a", value::text("y")}})});
    CHECK(table(rows) ==
          "A  B\n"
          "-  ---------\n"
          "x  long text\n"
          "y\n");
}

TEST_CASE("table: booleans, nulls, decimals, lists of scalars") {
    value report = value::object({
        {"dry_run", value::boolean(true)},
        {"last_id", value::integer(std::nullopt)},
        {"rate", value::decimal("0.500")},
        {"providers", value::array({value::text("anthropic"), value::text("openai")})},
    });
    CHECK(table(report) ==
          "Dry run:    yes\n"
          "Last id:    -\n"
          "Rate:       0.5\n"
          "Providers:  anthropic, openai\n");
}

TEST_CASE("table: exact money") {
    value report = value::object({{"cost_micros", value::money(4'999)}});
    CHECK(table(report) == "Cost:  <$0.01\n");
    CHECK(table(report, {.exact_money = true}) == "Cost:  $0.004999\n");
}

TEST_CASE("table: a nested object is a headed block; a _totals member without its list is one too") {
    value report = value::object({
        {"prices", value::object({{"input", value::price(75'000)}, {"output", value::price(std::nullopt)}})},
        {"x_totals", value::object({{"n", value::count(1)}})},
    });
    CHECK(table(report) ==
          "Prices\n"
          "Input:   $0.075\n"
          "Output:  unknown\n"
          "\n"
          "X totals\n"
          "N:  1\n");
}

TEST_CASE("table: a report that is a list of scalars prints one line each, escaped") {
    CHECK(
        table(value::array({value::text("a.sql:3: rule: message"), value::text(""), value::text("x\ty")})) ==
        "a.sql:3: rule: message\n"
        "\n"
        "x\\ty\n");
    CHECK(table(value::array()) == "");
}

TEST_CASE("table: a scalar report is one line") {
    CHECK(table(value::money(std::nullopt)) == "unpriced\n");
    CHECK(table(value::text("hi\n")) == "hi\\n\n");
}

TEST_CASE("table: a report inside a report is laid out whole under an underlined heading") {
    value report = value::object({{"messages", value::count(100)}});
    value inner = by_model_report();
    inner.add("range", value::object({{"since", value::text("2026-11-01")}}));
    report.add("rollup", inner, "chatcost rollup");
    report.add("after", value::object({{"note", value::text("x")}}));
    CHECK(table(report) ==
          "Messages:  100\n"
          "\n"
          "chatcost rollup\n"
          "===============\n"
          "User:        alice\n"
          "Total cost:  $12.34\n"
          "\n"
          "By model\n"
          "Model       Cost\n"
          "------  --------\n"
          "claude    $12.34\n"
          "gpt     unpriced\n"
          "------  --------\n"
          "Total     $12.34\n"
          "\n"
          "Range\n"
          "Since:  2026-11-01\n"
          "\n"
          "After\n"
          "Note:  x\n");
}
