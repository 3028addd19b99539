#include <doctest/doctest.h>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "migrations/migration_runner.hpp"
#include "migrations/schema_state.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using namespace chatcost::testing;

namespace {

void migrate_all(const std::string& url) {
    pqxx::connection c(url);
    migration_runner runner(c, {}, ignore_note);
    auto state = [&] {
        pqxx::read_transaction tx(c);
        return read_schema_state(tx);
    }();
    for (const auto& step : plan_up(state, std::nullopt, false)) runner.run(step);
}

// The failure require_current_schema throws, or a null one when the schema is current.
std::optional<failure> refusal(const std::string& url) {
    pqxx::connection c(url);
    try {
        require_current_schema(c);
        return std::nullopt;
    } catch (const failure& error) {
        return error;
    }
}

}  // namespace

TEST_CASE("require_current_schema: not migrated, pending, current") {
    auto url = fresh_database("schema_state_current");
    auto none = refusal(url);
    REQUIRE(none.has_value());
    CHECK(none->code() == exit_code::schema);
    CHECK(std::string(none->what()) == "the database is not migrated: chatcost's tables do not exist");
    CHECK(none->next_step() == "run 'chatcost migrate up' first");

    migrate_all(url);
    CHECK_FALSE(refusal(url).has_value());
    {
        pqxx::connection c(url);
        pqxx::read_transaction tx(c);
        CHECK(read_schema_state(tx).description() ==
              fmt::format("up to date (version {})", *embedded_migrations().latest_version()));
        CHECK_NOTHROW(require_current_schema(tx));  // the transaction overload, inside the caller's own
    }

    run_sql(url, fmt::format("DELETE FROM chatcost_schema_migrations WHERE version = {}",
                             *embedded_migrations().latest_version()));
    auto pending = refusal(url);
    REQUIRE(pending.has_value());
    CHECK(pending->code() == exit_code::schema);
    CHECK(std::string(pending->what()).starts_with("the schema is not migrated to this chatcost: 1 pending"));
    CHECK(pending->next_step() == "run 'chatcost migrate up' first");
}

TEST_CASE("require_current_schema: changed, failed and ahead are refused too") {
    auto url = fresh_database("schema_state_drift");
    migrate_all(url);
    run_sql(url, "UPDATE chatcost_schema_migrations SET checksum = 'edited' WHERE version = 2");
    auto changed = refusal(url);
    REQUIRE(changed.has_value());
    CHECK(changed->code() == exit_code::schema);
    CHECK(std::string(changed->what())
              .find("0002_chat_platform was edited after it was applied: checksum edited") !=
          std::string::npos);
    CHECK(changed->next_step().find("run 'chatcost migrate up' first") != std::string::npos);

    run_sql(url, fmt::format("UPDATE chatcost_schema_migrations SET checksum = '{}' WHERE version = 2",
                             embedded_migrations().find(2)->checksum));
    run_sql(
        url,
        "UPDATE chatcost_schema_migrations SET state = 'failed', failed_statement = 1, sqlstate = '55P03' "
        "WHERE version = 5");
    auto failed = refusal(url);
    REQUIRE(failed.has_value());
    CHECK(std::string(failed->what()).find("0005_chat_messages_indexes failed at statement 1") !=
          std::string::npos);

    run_sql(
        url,
        "UPDATE chatcost_schema_migrations SET state = 'applied', failed_statement = NULL, sqlstate = NULL "
        "WHERE version = 5");
    run_sql(url,
            "INSERT INTO chatcost_schema_migrations (version, name, checksum, state, duration_ms) "
            "VALUES (9999, 'from_the_future', 'abc', 'applied', 1)");
    auto ahead = refusal(url);
    REQUIRE(ahead.has_value());
    CHECK(ahead->code() == exit_code::schema);
    CHECK(std::string(ahead->what())
              .starts_with("the schema is ahead of this chatcost: the database is ahead of this "
                           "chatcost: 9999_from_the_future is applied there"));
    CHECK(ahead->next_step() == "use the chatcost release that migrated this database (or a newer one)");
}
