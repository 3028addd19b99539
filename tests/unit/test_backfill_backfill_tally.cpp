#include <doctest/doctest.h>

#include <stdexcept>

#include "backfill/backfill_tally.hpp"

using namespace chatcost::db;
using chatcost::cost::unpriced_reason;

TEST_CASE("backfill_tally: cost sums past int64, as text and back") {
    CHECK(to_decimal_text(0) == "0");
    CHECK(to_decimal_text(-42) == "-42");
    cost_sum big = static_cast<cost_sum>(INT64_MAX) * 3 + 1;
    CHECK(to_decimal_text(big) == "27670116110564327422");
    CHECK(parse_cost_sum("27670116110564327422") == big);
    CHECK(parse_cost_sum("-42") == -42);
    CHECK_THROWS_AS(parse_cost_sum("4.2"), std::invalid_argument);
    CHECK_THROWS_AS(parse_cost_sum(""), std::invalid_argument);
}

TEST_CASE("backfill_tally: adding batches") {
    backfill_tally run;
    backfill_tally first;
    first.rows_scanned = 10;
    first.rows_written = 7;
    first.unpriced(unpriced_reason::no_prices) = 2;
    first.rows_invalid = 1;
    first.by_model[{"openai", "gpt-4o"}] = {7, 7, 0, 700};
    first.problems[{"cfg", "message"}] = {1, 50, "input_tokens is negative: -1"};
    backfill_tally second;
    second.rows_scanned = 5;
    second.unpriced(unpriced_reason::no_model_config) = 1;
    second.by_model[{"openai", "gpt-4o"}] = {2, 1, 10, 20};
    second.problems[{"cfg", "message"}] = {2, 40, "input_tokens is negative: -9"};
    run.add(first);
    run.add(second);
    CHECK(run.rows_scanned == 15);
    CHECK(run.rows_written == 7);
    CHECK(run.unpriced_total() == 3);
    const auto& model = run.by_model.at({"openai", "gpt-4o"});
    CHECK(model.rows == 9);
    CHECK(model.rows_written == 8);
    CHECK(model.old_cost == 10);
    CHECK(model.new_cost == 720);
    const auto& problem = run.problems.at({"cfg", "message"});
    CHECK(problem.rows == 3);
    CHECK(problem.first_message_id == 40);
    CHECK(problem.reason == "input_tokens is negative: -9");  // the lowest message's
}
