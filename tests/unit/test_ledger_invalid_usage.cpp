// src/ledger/invalid_usage.cpp and the one definition of invalid usage in the reports' SQL: the
// function chatcost_usage_invalid (migration 0013), written from the engine's bounds, which the
// ledger's triggers, chatcost_usage() and every query that reads chat_messages for a report call,
// so that no report sums what another leaves out.

#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include <fmt/format.h>

#include "cost/message_cost.hpp"
#include "db/embedded_sql.hpp"
#include "ledger/invalid_usage.hpp"

using namespace chatcost;

namespace {

std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool space = false;
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

// DESIGN.md section 2 rule 11 in SQL, from cost::largest_token_count and cost::largest_cost_micros.
std::string invalid_usage_predicate() {
    std::string clauses;
    for (const char* column : {"input_tokens", "output_tokens", "reasoning_tokens", "cache_read_tokens",
                               "cache_creation_tokens"}) {
        clauses += fmt::format("{} NOT BETWEEN 0 AND {} OR ", column, cost::largest_token_count);
    }
    return fmt::format(
        "SELECT coalesce({}reasoning_tokens > output_tokens OR total_cost_micros NOT BETWEEN 0 AND {}, "
        "false)",
        clauses, cost::largest_cost_micros);
}

std::string_view embedded(std::string_view path) {
    for (const auto& file : db::embedded_sql())
        if (file.path == path) return file.text;
    return {};
}

}  // namespace

TEST_CASE("the one definition of invalid usage is the engine's bounds") {
    auto migration = collapse_spaces(embedded("migrations/0013_ledger.up.sql"));
    REQUIRE(!migration.empty());
    auto start = migration.find("CREATE FUNCTION chatcost_usage_invalid(");
    REQUIRE(start != std::string::npos);
    auto body = migration.substr(start, migration.find("$$;", start) - start);
    CHECK(body.find(invalid_usage_predicate()) != std::string::npos);
}

TEST_CASE("the insert trigger's margin is chatcost_ledger_margin()") {
    auto migration = collapse_spaces(embedded("migrations/0013_ledger.up.sql"));
    const auto margin = migration.find("CREATE FUNCTION chatcost_ledger_margin()");
    REQUIRE(margin != std::string::npos);
    CHECK(migration.find("SELECT interval '10 minutes' $$;", margin) != std::string::npos);
    CHECK(
        migration.find("WHEN (NEW.role = 'assistant' AND NEW.created_at < now() - interval '10 minutes')") !=
        std::string::npos);
}

TEST_CASE("every report query reads usage through the one definition") {
    int checked = 0;
    for (const auto& file : db::embedded_sql()) {
        std::string_view path = file.path;
        if (!path.starts_with("queries/report_") && !path.starts_with("queries/export_") &&
            !path.starts_with("queries/budget_"))
            continue;
        const bool reads_usage = file.text.find("chat_messages") != std::string_view::npos ||
                                 file.text.find("chatcost_usage(") != std::string_view::npos;
        if (!reads_usage) continue;
        CAPTURE(path);
        // Through the ledger (chatcost_usage: sums without the invalid) or message by message.
        const bool through_ledger = file.text.find("chatcost_usage(") != std::string_view::npos;
        const bool message_by_message = file.text.find("chatcost_usage_invalid(") != std::string_view::npos;
        CHECK((through_ledger || message_by_message));
        // Nobody writes the predicate again.
        CHECK(file.text.find("NOT BETWEEN 0 AND") == std::string_view::npos);
        ++checked;
    }
    CHECK(checked >= 10);  // summary, six rollups, unpriced models and usage, invalid messages, export
}

TEST_CASE("a sum fits int64 or is past it; it is never wrapped") {
    CHECK(db::sum_within_int64("0") == 0);
    CHECK(db::sum_within_int64("9223372036854775807") == INT64_MAX);
    CHECK(db::sum_within_int64("9223372036854775808") == std::nullopt);
    CHECK(db::sum_within_int64("18446744073709551614") == std::nullopt);  // two INT64_MAX
    CHECK(db::sum_within_int64("-1") == std::nullopt);
    CHECK(db::sum_within_int64("") == std::nullopt);
}

TEST_CASE("invalid ids: a group's own, and the first of all groups for the totals") {
    db::invalid_ids_by_group ids;
    ids[std::string("a")] = {5, 9};
    ids[std::nullopt] = {1};
    for (std::int64_t id = 20; id < 30; ++id) ids[std::string("b")].push_back(id);
    CHECK(db::ids_of(ids, std::string("a")) == std::vector<std::int64_t>{5, 9});
    CHECK(db::ids_of(ids, std::nullopt) == std::vector<std::int64_t>{1});
    CHECK(db::ids_of(ids, std::string("none")).empty());
    CHECK(db::first_ids(ids) == std::vector<std::int64_t>{1, 5, 9, 20, 21, 22, 23, 24, 25, 26});
}
