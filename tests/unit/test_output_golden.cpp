// Golden files: each format of two representative reports, byte for byte, against
// tests/golden/output/. Regenerate with CHATCOST_UPDATE_GOLDEN=1 (the test then fails, saying
// which files it wrote) and review every file by eye before keeping it.

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

#include "output/render.hpp"
#include "output/value.hpp"

using namespace chatcost::output;

namespace {

// A user summary exercising every display rule: money null, zero, sub-cent and large; a
// by-model list with a totals row; hostile text (quotes, commas, a newline, an ESC sequence,
// '%', non-ASCII, ill-formed UTF-8); an empty list; a nested object.
value summary_report() {
    value report = value::object({
        {"user", value::text("zoë")},
        {"display_name", value::text("Zoë \"Z\" Müller, PhD")},
        {"since", value::timestamp("2026-10-23T00:00:00Z")},
        {"until", value::timestamp("2026-11-22T00:00:00Z")},
        {"messages", value::count(1'234'567)},
        {"unpriced_messages", value::count(3)},
        {"total_tokens", value::tokens(98'765'432'100)},
        {"total_cost_micros", value::money(1'234'567'890)},
        {"unpriced_cost_micros", value::money(std::nullopt), "Cost of unpriced"},
        {"free_cost_micros", value::money(0), "Free usage"},
        {"smallest_cost_micros", value::money(1)},
        {"largest_cost_micros", value::money(std::numeric_limits<std::int64_t>::max())},
        {"refund_micros", value::money(-4'999)},
        {"average_price_micros_per_million", value::price(75'000)},
        {"effective_price", value::decimal("0.000001500000")},
        {"fail_on_unpriced", value::boolean(false)},
        {"note", value::text("50% done, \"quoted\"\nsecond line \x1b[31mred\x1b[0m bad:\xff\xfe end")},
        {"warnings", value::array({value::text("3 messages are unpriced")})},
    });

    value by_model = value::rows({{"provider"},
                                  {"model"},
                                  {"messages"},
                                  {"input_tokens"},
                                  {"output_tokens"},
                                  {"input_price_micros_per_million", "Input $/1M"},
                                  {"output_price_micros_per_million", "Output $/1M"},
                                  {"cost_micros", "Cost"}});
    auto model_row = [](const char* provider, std::string model, std::int64_t messages, std::int64_t input,
                        std::int64_t output, std::optional<std::int64_t> input_price,
                        std::optional<std::int64_t> output_price, std::optional<std::int64_t> cost) {
        return value::object({
            {"provider", value::text(provider)},
            {"model", value::text(std::move(model))},
            {"messages", value::count(messages)},
            {"input_tokens", value::tokens(input)},
            {"output_tokens", value::tokens(output)},
            {"input_price_micros_per_million", value::price(input_price)},
            {"output_price_micros_per_million", value::price(output_price)},
            {"cost_micros", value::money(cost)},
        });
    };
    by_model.append(model_row("anthropic", "claude-sonnet-4", 1'200'000, 98'000'000'000, 700'000'000,
                              3'000'000, 15'000'000, 1'234'567'000));
    by_model.append(model_row("openai", "gpt-4o-mini", 34'564, 20'000, 1'234, 150'000, 600'000, 4'999));
    by_model.append(
        model_row("local", "llama, \"3\"\n70b", 2, 1'000, 100, std::nullopt, std::nullopt, std::nullopt));
    by_model.append(model_row("evil", "x\x1b]0;pwned\x07y", 1, 0, 0, 0, 0, 0));
    by_model.append(model_row("bad", "caf\xc3(\xe9", 0, 0, 0, 1, 1'234'567, 890));
    value totals = value::object({
        {"provider", value::text("Total")},
        {"messages", value::count(1'234'567)},
        {"input_tokens", value::tokens(98'000'021'000)},
        {"output_tokens", value::tokens(700'001'334)},
        {"cost_micros", value::money(1'234'571'889)},
    });
    report.add_rows("by_model", std::move(by_model), std::move(totals));
    report.add_rows("by_chat", value::rows({{"chat_id"}, {"title"}, {"cost_micros", "Cost"}}));
    report.add("database", value::object({
                               {"source", value::text("embedded")},
                               {"schema_version", value::integer(12)},
                           }));
    return report;
}

// What `chatcost estimate` returns: no list, so CSV shows key,value pairs.
value estimate_report() {
    return value::object({
        {"input_tokens", value::tokens(1'000'000)},
        {"output_tokens", value::tokens(1)},
        {"prices", value::object({
                       {"input", value::price(3'000'000)},
                       {"output", value::price(15'000'000)},
                       {"cache_read", value::price(std::nullopt)},
                   })},
        {"cost_micros", value::money(3'000'015)},
        {"exact_cost", value::decimal("3.000015")},
    });
}

std::string rendered(const value& report, format which, render_options options = {}) {
    std::ostringstream out;
    render(out, report, which, options);
    return out.str();
}

// A line made readable in a failure message.
std::string visible(const std::string& line) {
    std::string out;
    for (unsigned char c : line) {
        if (c == '\x1b') {
            out += "\\e";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c < 0x20) {
            out += "\\x" + std::to_string(c);
        } else {
            out.push_back(static_cast<char>(c));
        }
    }
    return out;
}

void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = std::string(CHATCOST_SOURCE_ROOT) + "/tests/golden/output/" + name;
    const char* update = std::getenv("CHATCOST_UPDATE_GOLDEN");
    if (update && std::string(update) == "1") {
        std::ofstream file(path, std::ios::binary | std::ios::trunc);
        file << actual;
        REQUIRE_MESSAGE(file.good(), "cannot write " << path);
        FAIL("wrote golden file " << path << "; review it, then run again without CHATCOST_UPDATE_GOLDEN");
    }
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(),
                    "missing golden file " << path << " (create it with CHATCOST_UPDATE_GOLDEN=1)");
    std::string expected((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    if (expected == actual) return;

    std::istringstream expected_lines(expected);
    std::istringstream actual_lines(actual);
    std::string want;
    std::string got;
    for (int line = 1;; ++line) {
        bool more_wanted = static_cast<bool>(std::getline(expected_lines, want));
        bool more_got = static_cast<bool>(std::getline(actual_lines, got));
        if (!more_wanted && !more_got) break;
        if (!more_wanted || !more_got || want != got) {
            FAIL_CHECK(path << " differs at line " << line
                            << "\n  expected: " << (more_wanted ? visible(want) : "(end of file)")
                            << "\n  actual:   " << (more_got ? visible(got) : "(end of file)")
                            << "\n(regenerate with CHATCOST_UPDATE_GOLDEN=1 if the change is intended)");
            return;
        }
    }
    FAIL_CHECK(path << " differs (line ends or a final newline)");
}

}  // namespace

TEST_CASE("golden: summary as a table") {
    check_golden("summary.table.txt", rendered(summary_report(), format::table));
}

TEST_CASE("golden: summary as a coloured table") {
    check_golden("summary.table-color.txt", rendered(summary_report(), format::table, {.color = true}));
}

TEST_CASE("golden: summary as a table with exact money") {
    check_golden("summary.table-exact.txt", rendered(summary_report(), format::table, {.exact_money = true}));
}

TEST_CASE("golden: summary as JSON") {
    check_golden("summary.json", rendered(summary_report(), format::json));
}

TEST_CASE("golden: summary as CSV") {
    check_golden("summary.csv", rendered(summary_report(), format::csv));
}

TEST_CASE("golden: estimate as a table") {
    check_golden("estimate.table.txt", rendered(estimate_report(), format::table));
}

TEST_CASE("golden: estimate as JSON") {
    check_golden("estimate.json", rendered(estimate_report(), format::json));
}

TEST_CASE("golden: estimate as CSV, key,value pairs") {
    check_golden("estimate.csv", rendered(estimate_report(), format::csv));
}
