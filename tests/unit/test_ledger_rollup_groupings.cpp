// The rollup groupings table: every row is complete and consistent, so that adding one is a row
// and its query, and the flag, the read and the report follow it.

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "db/embedded_sql.hpp"
#include "ledger/rollup_groupings.hpp"
#include "util/failure.hpp"

using namespace chatcost;

TEST_CASE("rollup groupings: the --by choices, in the help's order, user first") {
    auto names = ledger::rollup_grouping_names();
    CHECK(names == std::vector<std::string>{"user", "model", "provider", "chat", "day", "week", "month"});
    CHECK(ledger::default_rollup_grouping().name == "user");
    CHECK(&ledger::default_rollup_grouping() == &ledger::rollup_groupings().front());
}

TEST_CASE("rollup groupings: every row names a compiled-in query, its key columns and its totals label") {
    std::set<std::string_view> names, lists;
    for (const auto& grouping : ledger::rollup_groupings()) {
        CAPTURE(grouping.name);
        CHECK(names.insert(grouping.name).second);
        CHECK(lists.insert(grouping.list_key).second);
        CHECK_FALSE(db::query(grouping.query).empty());  // throws for a query not in sql/meson.build
        REQUIRE_FALSE(grouping.key_columns.empty());
        bool labelled = false;
        for (const auto& column : grouping.key_columns) {
            CHECK_FALSE(column.title.empty());
            labelled = labelled || column.key == grouping.totals_label_key;
        }
        CHECK(labelled);
    }
}

TEST_CASE("rollup groupings: days and months are the time series, read from the period column") {
    const auto& day = ledger::rollup_grouping_named("day");
    REQUIRE(day.period);
    CHECK(*day.period == db::calendar_unit::day);
    CHECK(day.key_columns.at(0).key == "day");
    CHECK(day.key_columns.at(0).column_in_query() == "period");
    CHECK(ledger::rollup_grouping_named("month").period == db::calendar_unit::month);
    CHECK(ledger::rollup_grouping_named("week").period == db::calendar_unit::week);
    CHECK(ledger::rollup_grouping_named("week").key_columns.at(0).key == "week");
    CHECK_FALSE(ledger::rollup_grouping_named("chat").period);
    CHECK_FALSE(ledger::rollup_grouping_named("user").period);
    CHECK(ledger::rollup_grouping_named("user").counts_chats);
    CHECK_FALSE(ledger::rollup_grouping_named("model").counts_chats);
    CHECK(ledger::rollup_grouping_named("model").key_columns.at(0).column_in_query() == "model_config_id");
}

TEST_CASE("rollup groupings: an unknown name is a usage error naming the choices") {
    try {
        (void)ledger::rollup_grouping_named("fortnight");
        FAIL("no failure thrown");
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::usage);
        CHECK(std::string(error.what()) == "unknown rollup grouping 'fortnight'");
        CHECK(error.next_step() == "use one of: user, model, provider, chat, day, week, month");
    }
}
