// required_privileges against a real PostgreSQL: roles with some of a command's grants, directly or
// through a group role, and what check_privileges and require_privileges make of them.

#include <doctest/doctest.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "migrations/migration_plan.hpp"
#include "migrations/migration_runner.hpp"
#include "ledger/required_privileges.hpp"
#include "migrations/schema_state.hpp"
#include "db_test_support.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using chatcost::testing::migrated_database;

namespace {

void exec(const std::string& url, const std::string& sql) {
    pqxx::connection c(url);
    pqxx::nontransaction tx(c);
    tx.exec(sql);
}

// The URL of `url`'s database for another role (the test server trusts every role on its socket).
std::string as_role(const std::string& url, const std::string& role) {
    auto at = url.find("://") + 3;
    return url.substr(0, at) + role + url.substr(url.find('@', at));
}

// A role (roles belong to the server, which with_postgres.py makes afresh for each run).
void create_role(const std::string& url, const std::string& role, const std::string& options = "LOGIN") {
    exec(url, fmt::format("CREATE ROLE {} {}", role, options));
}

std::vector<std::string> names(const std::vector<privilege>& list) {
    std::vector<std::string> out;
    for (const auto& p : list) out.push_back(fmt::format("{} {} {}", p.name, p.object, p.column));
    return out;
}

}  // namespace

TEST_CASE("required_privileges: the superuser has everything; a role without grants lacks all, in order") {
    auto url = migrated_database("required_privileges_all_or_none");
    pqxx::connection superuser(url);
    CHECK(check_privileges(superuser, backfill_privileges(true)).missing.empty());
    CHECK_NOTHROW(require_privileges(superuser, "backfill", backfill_privileges(true)));

    create_role(url, "cc_priv_nothing");
    pqxx::connection nothing(as_role(url, "cc_priv_nothing"));
    auto check = check_privileges(nothing, backfill_privileges(true));
    CHECK(check.role == "cc_priv_nothing");
    CHECK(names(check.missing) == names(backfill_privileges(true)));
}

TEST_CASE("required_privileges: column, table and sequence grants, direct or through a group role") {
    auto url = migrated_database("required_privileges_partial");
    create_role(url, "cc_priv_group", "NOLOGIN");
    create_role(url, "cc_priv_member");
    exec(url, R"(
GRANT SELECT ON chatcost_schema_migrations, chat_messages, chat_model_configs, ai_model_prices,
    chatcost_price_periods, chatcost_price_refs TO cc_priv_member;
GRANT UPDATE (total_cost_micros, cost_price_ref) ON chat_messages TO cc_priv_group;
GRANT INSERT ON chatcost_price_refs TO cc_priv_group;
GRANT SELECT, INSERT, UPDATE ON chatcost_backfill_runs, chatcost_backfill_run_models TO cc_priv_group;
GRANT SELECT, UPDATE ON chatcost_backfill_run_problems TO cc_priv_member;
GRANT cc_priv_group TO cc_priv_member;
)");
    pqxx::connection member(as_role(url, "cc_priv_member"));
    CHECK(check_privileges(member, backfill_privileges(false)).missing.empty());
    auto check = check_privileges(member, backfill_privileges(true));
    CHECK(names(check.missing) == std::vector<std::string>{"INSERT chatcost_backfill_run_problems ",
                                                           "USAGE chatcost_backfill_runs_id_seq "});
    try {
        require_privileges(member, "backfill", backfill_privileges(true));
        FAIL("require_privileges did not throw");
    } catch (const failure& e) {
        CHECK(e.code() == exit_code::database);
        CHECK(std::string(e.what()) ==
              "backfill: role \"cc_priv_member\" lacks INSERT on chatcost_backfill_run_problems; "
              "USAGE on sequence chatcost_backfill_runs_id_seq");
        CHECK(e.next_step() ==
              "ask the database owner to GRANT them (see PRIVILEGES in chatcost-backfill(1))");
    }
    // A column grant covers that column only: UPDATE on another column is still missing.
    auto other_column = check_privileges(member, {{"UPDATE", "chat_messages", "input_tokens"}});
    CHECK(other_column.missing.size() == 1);

    exec(url,
         "GRANT INSERT ON chatcost_backfill_run_problems TO cc_priv_member;"
         "GRANT USAGE ON SEQUENCE chatcost_backfill_runs_id_seq TO cc_priv_group;");
    CHECK_NOTHROW(require_privileges(member, "backfill", backfill_privileges(true)));
}

TEST_CASE(
    "required_privileges: an object that does not exist, or sits in a schema out of reach, is missing") {
    auto url = migrated_database("required_privileges_unknown");
    create_role(url, "cc_priv_lost");
    // chatcost names its tables unqualified: a schema the role may not use drops out of its search_path.
    exec(url, R"(
CREATE SCHEMA hidden;
CREATE TABLE hidden.t (x int);
GRANT SELECT ON hidden.t TO cc_priv_lost;
ALTER ROLE cc_priv_lost IN DATABASE required_privileges_unknown SET search_path = hidden, public;
)");
    pqxx::connection lost(as_role(url, "cc_priv_lost"));
    auto check = check_privileges(lost, {{"SELECT", "no_such_table", ""},
                                         {"SELECT", "t", ""},
                                         {"SELECT", "no_such_sequence", "", object_kind::sequence}});
    CHECK(check.missing.size() == 3);
    exec(url, "GRANT USAGE ON SCHEMA hidden TO cc_priv_lost;");
    pqxx::connection found(as_role(url, "cc_priv_lost"));
    CHECK(check_privileges(found, {{"SELECT", "t", ""}}).missing.empty());
    CHECK_THROWS_AS(require_privileges(lost, "seed apply", seed_apply_privileges(true)), failure);
}
