// How a group's figures appear in the cost reports: an unpriced amount is never 0, free is 0,
// and the keys (a JSON contract, docs/json-output.md) come in one order everywhere.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "ledger/rollup_groupings.hpp"
#include "reports/rollup_report.hpp"
#include "reports/summary_report.hpp"
#include "reports/usage_fields.hpp"

using namespace chatcost;
using output::value;

namespace {

std::vector<std::string> keys_of(const value& object) {
    std::vector<std::string> keys;
    for (const auto& member : object.members()) keys.push_back(member.key);
    return keys;
}

ledger::usage_totals usage(std::int64_t cost, std::int64_t priced, std::int64_t unpriced) {
    ledger::usage_totals totals;
    totals.cost_micros = cost;
    totals.priced_messages = priced;
    totals.unpriced_messages = unpriced;
    return totals;
}

}  // namespace

TEST_CASE("a cost is unknown only when there is unpriced usage and nothing priced") {
    CHECK(usage(0, 0, 3).shown_cost() == std::nullopt);  // unpriced: never shown as $0
    CHECK(usage(0, 2, 0).shown_cost() == 0);             // free: priced at 0
    CHECK(usage(0, 0, 0).shown_cost() == 0);             // nothing at all: nothing spent
    CHECK(usage(1'500, 1, 4).shown_cost() == 1'500);     // the priced part, unpriced beside it
    CHECK(usage(1'500, 1, 4).messages() == 5);
}

TEST_CASE("the usage fields: money null or integer, counts, tokens, chats only when counted") {
    value row = value::object();
    auto totals = usage(0, 0, 2);
    totals.input_tokens = 7;
    reports::add_usage_fields(row, totals);
    CHECK(keys_of(row) == std::vector<std::string>{"cost_micros", "unpriced_messages", "messages",
                                                   "input_tokens", "output_tokens", "cache_read_tokens",
                                                   "cache_creation_tokens", "invalid_messages",
                                                   "invalid_message_ids", "sums_past_int64"});
    CHECK(row.find("cost_micros")->is_null());
    CHECK(row.find("cost_micros")->display() == output::display_kind::money_micros);  // "unpriced" in tables
    CHECK(row.find("messages")->as_integer() == 2);
    CHECK(row.find("input_tokens")->as_integer() == 7);

    value with_chats = value::object();
    totals.chats = 3;
    reports::add_usage_fields(with_chats, totals);
    CHECK(with_chats.find("chats")->as_integer() == 3);
    CHECK(reports::usage_columns(true).size() == reports::usage_columns(false).size() + 1);
}

TEST_CASE("invalid usage: counted apart with its first ids; a sum past int64 is unknown, not 0") {
    auto totals = usage(1'000, 2, 0);
    totals.input_tokens = 5;
    totals.invalid_messages = 12;
    totals.invalid_message_ids = {3, 7};
    totals.sums_past_int64 = {"output_tokens"};
    value row = value::object();
    reports::add_usage_fields(row, totals);
    CHECK(row.find("invalid_messages")->as_integer() == 12);
    REQUIRE(row.find("invalid_message_ids")->items().size() == 2);
    CHECK(row.find("invalid_message_ids")->items()[1].as_integer() == 7);
    CHECK(row.find("messages")->as_integer() == 2);  // priced + unpriced: invalid is apart
    CHECK(row.find("input_tokens")->as_integer() == 5);
    CHECK(row.find("output_tokens")->is_null());
    CHECK(row.find("sums_past_int64")->items().at(0).as_text() == "output_tokens");

    totals.sums_past_int64 = {"cost_micros"};
    CHECK(totals.shown_cost() == std::nullopt);

    auto note = reports::invalid_usage_note(totals, 1);
    REQUIRE(note);
    CHECK(note->find("12 message(s) with invalid usage") != std::string::npos);
    CHECK(note->find("ids 3, 7, ...") != std::string::npos);
    CHECK(note->find("chatcost explain ID") != std::string::npos);
    CHECK(note->find("past int64") != std::string::npos);
    CHECK_FALSE(reports::invalid_usage_note(usage(1, 1, 0), 0));
}

TEST_CASE("a summary's top-level keys, in order") {
    ledger::user_summary summary;
    summary.schema_version = 30;
    summary.user = {"id", "alice", "Alice"};
    summary.range = {"2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", "UTC"};
    summary.totals = usage(40, 1, 0);
    summary.totals.chats = 1;
    auto report = reports::summary_report(summary);
    CHECK(keys_of(report) == std::vector<std::string>{"output_version",
                                                      "schema_version",
                                                      "user_id",
                                                      "username",
                                                      "name",
                                                      "cost_micros",
                                                      "priced_messages",
                                                      "unpriced_messages",
                                                      "messages",
                                                      "chats",
                                                      "input_tokens",
                                                      "output_tokens",
                                                      "cache_read_tokens",
                                                      "cache_creation_tokens",
                                                      "invalid_messages",
                                                      "invalid_message_ids",
                                                      "sums_past_int64",
                                                      "range",
                                                      "by_model",
                                                      "by_model_totals",
                                                      "by_chat",
                                                      "by_chat_totals",
                                                      "unpriced_models"});
    CHECK(report.find("output_version")->as_integer() == 2);
    CHECK(report.find("cost_micros")->as_integer() == 40);
    CHECK(
        output::is_row_list(*report.find("by_model")));  // declared columns: an empty list still has a header
    // Output version 2: totals rows hold figures only for programs; tables say "Total".
    CHECK(report.find("by_model_totals")->find("display_name") == nullptr);
    CHECK(report.find("by_chat_totals")->find("title") == nullptr);
    CHECK(report.find("by_chat_totals")->find("chats") == nullptr);
    auto for_people = reports::summary_report(summary, reports::report_audience::people);
    CHECK(for_people.find("output_version") == nullptr);
    CHECK(for_people.find("by_model_totals")->find("display_name")->as_text() == "Total");
    CHECK(for_people.find("by_chat_totals")->find("title")->as_text() == "Total");
}

TEST_CASE("a rollup names its list after the grouping") {
    ledger::rollup_page page;
    for (auto [by, list] : {std::pair{"user", "users"},
                            {"model", "models"},
                            {"provider", "providers"},
                            {"chat", "chats"},
                            {"day", "days"},
                            {"week", "weeks"},
                            {"month", "months"}}) {
        page.by = &ledger::rollup_grouping_named(by);
        auto report = reports::rollup_report(page);
        CHECK(report.find(list) != nullptr);
        CHECK(report.find(std::string(list) + "_totals") != nullptr);
        CHECK(report.find("by")->as_text() == by);
    }
    page.by = &ledger::rollup_grouping_named("month");
    page.rows.resize(1);
    page.rows[0].key = {"2026-11"};
    page.rows[0].usage = usage(5, 1, 0);
    auto report = reports::rollup_report(page);
    CHECK(report.find("months")->items().at(0).find("month")->as_text() == "2026-11");
    CHECK(report.find("limit")->is_null());  // unset: all
    CHECK(report.find("order")->as_text() == "asc");
    CHECK(report.find("months_totals")->find("month") == nullptr);
    CHECK(reports::rollup_report(page, reports::report_audience::people)
              .find("months_totals")
              ->find("month")
              ->as_text() == "Total");
}

TEST_CASE("rollup --breakdown: the models inside each period for programs, a list of their own for people") {
    ledger::rollup_page page;
    page.by = &ledger::rollup_grouping_named("week");
    page.rows.resize(2);
    page.rows[0].key = {"2026-W45"};
    page.rows[1].key = {"2026-W46"};
    page.breakdown_asked = true;
    page.breakdown.push_back({"2026-W45",
                              {std::string("cfg-a"), std::string("A"), std::string("p"), std::string("a")},
                              usage(7, 1, 0)});
    page.breakdown.push_back({"2026-W45", {}, usage(0, 0, 2)});
    page.breakdown.push_back({"2026-W46",
                              {std::string("cfg-a"), std::string("A"), std::string("p"), std::string("a")},
                              usage(3, 1, 0)});
    auto report = reports::rollup_report(page);
    const auto& weeks = report.find("weeks")->items();
    REQUIRE(weeks.size() == 2);
    CHECK(weeks[0].find("models")->items().size() == 2);
    CHECK(weeks[1].find("models")->items().size() == 1);
    CHECK(weeks[1].find("models")->items()[0].find("cost_micros")->as_integer() == 3);
    CHECK(weeks[0].find("models")->items()[0].find("week") == nullptr);  // the row says which week
    CHECK(report.find("breakdown") == nullptr);

    auto for_people = reports::rollup_report(page, reports::report_audience::people);
    CHECK(for_people.find("weeks")->items()[0].find("models") == nullptr);
    const auto& flat = for_people.find("breakdown")->items();
    REQUIRE(flat.size() == 3);
    CHECK(flat[0].find("week")->as_text() == "2026-W45");
    CHECK(flat[2].find("week")->as_text() == "2026-W46");
    CHECK(flat[1].find("model_config_id")->is_null());
}
