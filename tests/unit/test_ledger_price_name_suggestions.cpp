// src/ledger/price_name_suggestions.cpp: the one rule for "did you mean provider/model?" that
// backfill, explain and unpriced share (letter case, a date suffix).

#include <doctest/doctest.h>

#include <vector>

#include "ledger/price_name_suggestions.hpp"

using namespace chatcost;

TEST_CASE("a near match differs only in letter case or a date suffix") {
    CHECK(db::comparable_model_name("Claude-Sonnet-4-20250514") == "claude-sonnet-4");
    CHECK(db::comparable_model_name("gpt-4o-2024-08-06") == "gpt-4o");
    CHECK(db::comparable_model_name("claude-3@20240229") == "claude-3@20240229");  // "-" only
    CHECK(db::comparable_model_name("gpt-4o-mini") == "gpt-4o-mini");
    CHECK(db::comparable_model_name("model-1234567") == "model-1234567");  // seven digits: no date
    CHECK(db::is_near_match("Anthropic", "Claude-Sonnet-4-20250514", "anthropic", "claude-sonnet-4"));
    CHECK(db::is_near_match("acme", "widget-pro-20250514", "acme", "widget-pro"));
    CHECK(db::is_near_match("acme", "widget-pro", "acme", "widget-pro-2025-05-14"));  // either side
    CHECK(db::is_near_match("Acme", "Widget", "acme", "widget"));
    CHECK_FALSE(db::is_near_match("acme", "widget", "acme", "widget"));  // the same name is no near match
    CHECK_FALSE(db::is_near_match("acme", "widget-pro", "acme", "widget-max"));
    CHECK_FALSE(db::is_near_match("other", "widget", "acme", "widget"));
}

TEST_CASE("near book names: every near row of each config name, none for a name the book has exactly") {
    const std::vector<db::model_name> book{
        {"acme", "widget"}, {"acme", "widget-20250101"}, {"anthropic", "claude-sonnet-4"}, {"Exact", "Name"}};
    const std::vector<db::model_name> configs{{"Acme", "Widget"}, {"Exact", "Name"}, {"other", "x"}};
    auto suggestions = db::near_book_names(configs, book);
    REQUIRE(suggestions.size() == 2);
    CHECK(suggestions[0].provider == "Acme");
    CHECK(suggestions[0].book_model == "widget");
    CHECK(suggestions[1].book_model == "widget-20250101");

    // A config name the book has exactly is priced by it: no "did you mean" even beside near rows.
    const std::vector<db::model_name> exact{{"acme", "widget"}};
    CHECK(db::near_book_names(exact, book).empty());
}
