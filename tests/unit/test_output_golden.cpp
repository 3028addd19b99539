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

namespace {

// `rollup --by user` as the report gives it, with names that are hard to lay out: CJK (two
// columns a character), emoji (a ZWJ family, a skin tone, a flag), combining marks, a long title
// and an escape; ids and detail columns as the real report declares them.
value wide_names_rollup() {
    value rows = value::rows({{"user_id", "User id"},
                              {"username", "Username"},
                              {"name", "Name"},
                              {"cost_micros", "Cost"},
                              {"unpriced_messages", "Unpriced"},
                              {"messages", "Messages"},
                              {"input_tokens", "Input"},
                              {"output_tokens", "Output"},
                              {"cache_read_tokens", "Cache read", true},
                              {"invalid_message_ids", "Invalid ids", true}});
    auto user = [](const char* id, const char* username, const char* name, std::optional<std::int64_t> cost,
                   std::int64_t unpriced, std::int64_t messages, std::int64_t input) {
        return value::object({{"user_id", value::text(id)},
                              {"username", value::text(username)},
                              {"name", value::text(name)},
                              {"cost_micros", value::money(cost)},
                              {"unpriced_messages", value::count(unpriced)},
                              {"messages", value::count(messages)},
                              {"input_tokens", value::tokens(input)},
                              {"output_tokens", value::tokens(input / 5)},
                              {"cache_read_tokens", value::tokens(input / 2)},
                              {"invalid_message_ids", value::array()}});
    };
    rows.append(user("a11ce000-0000-4000-8000-000000000001", "alice", "Alice Liddell of Wonderland, Esq.",
                     104'930'000, 184, 2'723, 17'030'825));
    rows.append(
        user("b0b00000-0000-4000-8000-000000000002", "\xe5\xb1\xb1\xe7\x94\xb0",  // 山田
             "\xe5\xb1\xb1\xe7\x94\xb0\xe5\xa4\xaa\xe9\x83\x8e\xef\xbc\x88\xe6\x9d\xb1\xe4\xba\xac\xef\xbc"
             "\x89",  // 山田太郎（東京）
             93'020'000, 0, 2'375, 15'173'638));
    rows.append(
        user("ca201000-0000-4000-8000-000000000003",
             "fam\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2"
             "\x80\x8d\xf0\x9f\x91\xa7",  // fam👨‍👩‍👧
             "Ren\xc3\xa9\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbf Jos\x65\xcc\x81 \xf0\x9f\x87\xab\xf0\x9f\x87\xb7"
             " \xe2\x9d\xa4\xef\xb8\x8f",  // René👋🏿 José 🇫🇷 ❤️
             4'999, 3, 12, 1'000));
    rows.append(user("d0000000-0000-4000-8000-000000000004", "mallory", "Mal \x1b[31mred\x1b[0m lory",
                     std::nullopt, 7, 7, 0));
    value totals = value::object({{"username", value::text("Total")},
                                  {"cost_micros", value::money(197'954'999)},
                                  {"unpriced_messages", value::count(194)},
                                  {"messages", value::count(5'117)},
                                  {"input_tokens", value::tokens(32'205'463)},
                                  {"output_tokens", value::tokens(6'441'092)},
                                  {"cache_read_tokens", value::tokens(16'102'731)}});
    value report = value::object({{"by", value::text("user")}});
    report.add_rows("users", std::move(rows), std::move(totals));
    return report;
}

// `rollup --by day` with its chart, as reports::with_period_chart makes it for people.
value days_with_chart() {
    value days = value::rows({{"day", "Day"}, {"cost_micros", "Cost"}, {"messages", "Messages"}});
    value chart = value::rows({{"day", "Day"}, {"cost_micros", "Cost"}, {"cost_bar", ""}});
    const std::optional<std::int64_t> costs[] = {19'100'000, 21'800'000, 1, 0, std::nullopt, 10'900'000};
    for (int i = 0; i < 6; ++i) {
        std::string day = "2026-11-0" + std::to_string(i + 1);
        days.append(value::object({{"day", value::text(day)},
                                   {"cost_micros", value::money(costs[i])},
                                   {"messages", value::count(100 + i)}}));
        chart.append(value::object({{"day", value::text(day)},
                                    {"cost_micros", value::money(costs[i])},
                                    {"cost_bar", value::bar(costs[i].value_or(0))}}));
    }
    value report = value::object({{"by", value::text("day")}});
    report.add_rows(
        "days", std::move(days),
        value::object({{"day", value::text("Total")}, {"cost_micros", value::money(51'800'001)}}));
    report.add("cost_chart", std::move(chart), "Cost by day");
    return report;
}

// What table_options_for gives a UTF-8 terminal that many columns wide.
render_options terminal_of(std::size_t columns) {
    render_options options;
    options.width = columns;
    options.compact = columns < compact_below_columns;
    options.charts = true;
    options.unicode = true;
    options.block_bars = true;
    return options;
}

}  // namespace

TEST_CASE("golden: wide names at 80 columns (compact, cut, ids hidden)") {
    check_golden("rollup_wide_names.80.txt", rendered(wide_names_rollup(), format::table, terminal_of(80)));
}

TEST_CASE("golden: wide names at 200 columns (full layout, nothing cut)") {
    check_golden("rollup_wide_names.200.txt", rendered(wide_names_rollup(), format::table, terminal_of(200)));
}

TEST_CASE("golden: wide names at 80 columns with --ids, in ASCII") {
    render_options options = terminal_of(80);
    options.show_ids = true;
    options.unicode = false;
    options.block_bars = false;
    check_golden("rollup_wide_names.80-ids-ascii.txt", rendered(wide_names_rollup(), format::table, options));
}

TEST_CASE("golden: a day chart at 80 columns") {
    check_golden("rollup_days_chart.80.txt", rendered(days_with_chart(), format::table, terminal_of(80)));
}

TEST_CASE("golden: a day chart at 200 columns") {
    check_golden("rollup_days_chart.200.txt", rendered(days_with_chart(), format::table, terminal_of(200)));
}

TEST_CASE("golden: a day chart in ASCII (LANG=C, NO_COLOR)") {
    render_options ascii = terminal_of(80);
    ascii.block_bars = false;
    check_golden("rollup_days_chart.80-ascii.txt", rendered(days_with_chart(), format::table, ascii));
}

TEST_CASE("golden: no chart without a terminal, with --no-chart, nor in JSON or CSV") {
    render_options no_chart = terminal_of(80);
    no_chart.charts = false;
    std::string table = rendered(days_with_chart(), format::table, no_chart);
    CHECK(table.find("Cost by day") == std::string::npos);
    CHECK(rendered(days_with_chart(), format::table).find("Cost by day") == std::string::npos);
    CHECK(rendered(days_with_chart(), format::csv).find("cost_bar") == std::string::npos);
}
