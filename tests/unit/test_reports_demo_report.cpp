#include <doctest/doctest.h>

#include "ledger/rollup_groupings.hpp"
#include "output/render.hpp"
#include "reports/demo_report.hpp"

using namespace chatcost;

namespace {
reports::demo_results results_with_a_rollup() {
    reports::demo_results results;
    results.database = "the embedded database (/x)";
    results.seed = 7;
    results.schema_version = 30;
    results.sample.users = 2;
    results.sample.messages = 10;
    results.backfill.completed = true;
    results.backfill.invocation.rows_priced = 4;
    results.backfill.invocation.problems[{"cfg-1", "config"}] = {
        3, 812, "config cfg-1: input: \"2,00\" is not a decimal"};
    ledger::rollup_page page;
    page.by = &ledger::rollup_grouping_named("user");
    page.rows.push_back({{"u-2", "bob", "Bob"}, {}});
    page.rows.push_back({{"u-1", "alice", "Alice"}, {}});
    results.rollup = page;
    ledger::user_summary summary;
    summary.user = {"u-2", "bob", "Bob"};
    results.heaviest_user = summary;
    results.elapsed = std::chrono::milliseconds(2'500);
    return results;
}
}  // namespace

TEST_CASE("demo report: the heaviest user is the first row of the page") {
    auto results = results_with_a_rollup();
    CHECK(reports::heaviest_username(*results.rollup) == "bob");
    CHECK_FALSE(reports::heaviest_username(ledger::rollup_page{}).has_value());
}

TEST_CASE("demo report: figures, the invalid prices, then the rollup and the summary") {
    auto report = reports::demo_report(results_with_a_rollup());
    std::vector<std::string> keys;
    for (const auto& member : report.members()) keys.push_back(member.key);
    CHECK(keys == std::vector<std::string>{"database", "schema_version", "seed", "replaced_earlier_sample",
                                           "users", "chats", "forks", "model_configs", "messages",
                                           "rows_priced", "rows_unpriced", "rows_invalid",
                                           "messages_without_usage", "backfill_completed", "elapsed_seconds",
                                           "invalid_prices", "rollup", "heaviest_user"});
    CHECK(report.find("elapsed_seconds")->as_text() == "2.500");
    CHECK(report.find("invalid_prices")->items().size() == 1);
    CHECK(report.find("rollup")->find("users"));
    CHECK(report.find("heaviest_user")->find("username")->as_text() == "bob");

    auto interrupted = results_with_a_rollup();
    interrupted.rollup.reset();
    interrupted.heaviest_user.reset();
    auto partial = reports::demo_report(interrupted);
    CHECK_FALSE(partial.find("rollup"));
    CHECK_FALSE(partial.find("heaviest_user"));
}

TEST_CASE("demo report: next steps name this run's user, dates and a message to explain") {
    auto steps = reports::demo_next_steps(results_with_a_rollup(), "2026-08-24");
    REQUIRE(steps.size() == 6);
    CHECK(steps[0] == "demo done in 2.5 s; next, try:");
    CHECK(steps[1] == "  chatcost rollup --by model --since 2026-08-24");
    CHECK(steps[3] == "  chatcost summary --user bob --since 2026-08-24");
    CHECK(steps[4] == "  chatcost explain 812   # why this message stays unpriced");
    CHECK(steps[5] == "  man chatcost");
}

TEST_CASE("demo report: step notes carry the event's figures and a sentence") {
    db::sample_counts counts;
    counts.users = 40;
    counts.chats = 2'500;
    counts.model_configs = 8;
    counts.messages = 100'000;
    counts.replaced = true;
    auto note = reports::demo_sample_note(counts);
    CHECK(note.event == "demo_sample_loaded");
    CHECK(note.fields.find("messages")->as_integer() == 100'000);
    CHECK(note.text ==
          "earlier demo sample replaced; sample loaded: 40 users, 2,500 chats, 8 model configs, "
          "100,000 messages");
    CHECK(reports::demo_migrated_note(30, 1).text == "schema at version 30 (1 migration applied)");
    CHECK(reports::demo_loading_text(40'000, 100'000) == "loading the sample: 40,000 of 100,000 messages");
}
