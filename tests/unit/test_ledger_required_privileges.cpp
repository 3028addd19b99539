#include <doctest/doctest.h>

#include <algorithm>

#include "ledger/required_privileges.hpp"

using namespace chatcost::db;

namespace {

bool contains(const std::vector<privilege>& list, std::string_view name, std::string_view object,
              std::string_view column = "") {
    return std::any_of(list.begin(), list.end(), [&](const privilege& p) {
        return p.name == name && p.object == object && p.column == column;
    });
}

}  // namespace

TEST_CASE("required_privileges: described in GRANT's words, grouped by object in the order first named") {
    std::vector<privilege> missing{
        {"UPDATE", "chat_messages", "total_cost_micros"},
        {"INSERT", "chatcost_backfill_runs", ""},
        {"SELECT", "chat_messages", ""},
        {"UPDATE", "chatcost_backfill_runs", ""},
        {"USAGE", "chatcost_backfill_runs_id_seq", "", object_kind::sequence},
    };
    CHECK(describe_privileges(missing) ==
          "UPDATE (total_cost_micros), SELECT on chat_messages; INSERT, UPDATE on chatcost_backfill_runs; "
          "USAGE on sequence chatcost_backfill_runs_id_seq");
    CHECK(describe_privileges({{"SELECT", "users", ""}}) == "SELECT on users");
    CHECK(describe_privileges({}) == "");
}

TEST_CASE("required_privileges: a dry run needs only the reads of the run") {
    for (auto lists : {std::pair(backfill_privileges(false), backfill_privileges(true)),
                       std::pair(seed_apply_privileges(false), seed_apply_privileges(true))}) {
        auto& [dry, run] = lists;
        for (const auto& p : dry) {
            CHECK(p.name == "SELECT");
            CHECK(contains(run, p.name, p.object, p.column));
        }
        CHECK(run.size() > dry.size());
    }
}

TEST_CASE("required_privileges: backfill writes one column of the ledger, and its own bookkeeping") {
    auto run = backfill_privileges(true);
    CHECK(contains(run, "UPDATE", "chat_messages", "total_cost_micros"));
    CHECK_FALSE(contains(run, "UPDATE", "chat_messages"));  // never the whole table
    for (const auto* table : {"chat_messages", "chat_model_configs", "ai_model_prices", "users", "chats"}) {
        CHECK_FALSE(contains(run, "INSERT", table));
    }
    CHECK(contains(run, "USAGE", "chatcost_backfill_runs_id_seq"));
    CHECK(contains(seed_apply_privileges(true), "INSERT", "ai_model_prices"));
    CHECK(contains(seed_apply_privileges(true), "UPDATE", "ai_model_prices"));
}
