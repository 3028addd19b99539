// src/ledger/invalid_usage.cpp and the one definition of invalid usage in the reports' SQL: every
// report query that reads chat_messages holds the same predicate, written from the engine's bounds,
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
        clauses += fmt::format("m.{} NOT BETWEEN 0 AND {} OR ", column, cost::largest_token_count);
    }
    return fmt::format(
        "CROSS JOIN LATERAL (SELECT coalesce({}m.reasoning_tokens > m.output_tokens OR "
        "m.total_cost_micros NOT BETWEEN 0 AND {}, false) AS usage_invalid) AS checked",
        clauses, cost::largest_cost_micros);
}

}  // namespace

TEST_CASE("every report query that reads chat_messages checks usage with the one predicate") {
    const auto predicate = invalid_usage_predicate();
    int checked = 0;
    for (const auto& file : db::embedded_sql()) {
        std::string_view path = file.path;
        if (!path.starts_with("queries/report_")) continue;
        if (file.text.find("chat_messages") == std::string_view::npos) continue;
        CAPTURE(path);
        auto text = collapse_spaces(file.text);
        CHECK(text.find(predicate) != std::string::npos);
        // The sums and counts of valid usage say so, and the invalid ones are counted apart.
        if (path != "queries/report_unpriced_models.sql" && path != "queries/report_unpriced_usage.sql" &&
            path != "queries/report_invalid_messages.sql") {
            CHECK(text.find("FILTER (WHERE NOT checked.usage_invalid) AS cost_micros") != std::string::npos);
            CHECK(text.find("count(*) FILTER (WHERE checked.usage_invalid) AS invalid_messages") !=
                  std::string::npos);
        }
        ++checked;
    }
    CHECK(checked >= 7);  // summary, four rollups, unpriced models, invalid messages
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
