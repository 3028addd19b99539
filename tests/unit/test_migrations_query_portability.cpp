#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "migrations/query_portability.hpp"

using namespace chatcost::db;

namespace {

const std::filesystem::path source_root = CHATCOST_SOURCE_ROOT;

std::string read(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// "line: first words of the message" for each finding, to compare at a glance.
std::vector<std::string> check(std::string_view text) {
    std::vector<std::string> out;
    for (const auto& f : check_query_portability("q.sql", text)) {
        out.push_back(std::to_string(f.line) + ": " + f.message.substr(0, f.message.find(':')));
    }
    return out;
}

using list = std::vector<std::string>;

}  // namespace

TEST_CASE("query portability: every statement under sql/queries/ passes") {
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(source_root / "sql" / "queries")) {
        if (entry.path().extension() == ".sql") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    REQUIRE(files.size() > 40);
    std::vector<std::string> findings;
    for (const auto& path : files) {
        auto relative = std::filesystem::relative(path, source_root).string();
        for (const auto& f : check_query_portability(relative, read(path)))
            findings.push_back(format_finding(f));
    }
    INFO("findings:\n"
         << [&] {
                std::string text;
                for (const auto& f : findings) text += f + "\n";
                return text;
            }());
    CHECK(findings.empty());
}

TEST_CASE("query portability: the fixture's violations are found, by file and line") {
    const auto path = std::filesystem::path("tests") / "fixtures" / "queries" / "nonportable_writes.sql";
    std::vector<std::string> printed;
    for (const auto& f : check_query_portability(path.string(), read(source_root / path))) {
        printed.push_back(format_finding(f));
    }
    REQUIRE(printed.size() == 5);
    const std::string prefix = path.string() + ":";
    CHECK(printed[0].rfind(prefix +
                               "7: nonimmutable-in-distributed-write: now() in the DO UPDATE of an INSERT "
                               "into ai_model_prices:",
                           0) == 0);
    CHECK(printed[1].rfind(prefix +
                               "11: nonimmutable-in-distributed-write: current_timestamp in an UPDATE of "
                               "chat_messages:",
                           0) == 0);
    CHECK(printed[2].rfind(prefix + "15: nonimmutable-in-distributed-write: concat() in an UPDATE of chats:",
                           0) == 0);
    CHECK(printed[3].rfind(prefix + "20: nonimmutable-in-distributed-write: DEFAULT", 0) == 0);
    CHECK(printed[4].rfind(prefix +
                               "22: nonimmutable-in-distributed-write: clock_timestamp() in an UPDATE of "
                               "chat_model_configs:",
                           0) == 0);
}

TEST_CASE("query portability: what passes (fixture): parameters, casts, immutable calls, RETURNING, locks") {
    const auto path = std::filesystem::path("tests") / "fixtures" / "queries" / "portable_writes.sql";
    std::string findings;
    for (const auto& f : check_query_portability(path.string(), read(source_root / path))) {
        findings += format_finding(f) + "\n";
    }
    CHECK(findings == "");
}

TEST_CASE("query portability: the rule's edges") {
    // The seed's upsert as it was: now() in DO UPDATE SET.
    CHECK(check("INSERT INTO ai_model_prices (provider, model) SELECT 'a', 'b'\n"
                "ON CONFLICT (provider, model) DO UPDATE SET updated_at = now()") ==
          list{"2: now() in the DO UPDATE of an INSERT into ai_model_prices"});
    // A table chatcost does not know yet is checked (the price history, the ledger).
    CHECK(check("UPDATE ledger_days SET refreshed_at = statement_timestamp()") ==
          list{"1: statement_timestamp() in an UPDATE of ledger_days"});
    // Quoted and schema-qualified targets, ONLY.
    CHECK(check("UPDATE ONLY \"public\".\"chats\" SET title = random()::text") ==
          list{"1: random() in an UPDATE of chats"});
    // The bookkeeping stays local on a Citus coordinator.
    CHECK(check("UPDATE chatcost_backfill_runs SET updated_at = now()").empty());
    // Outside the checked part of the statement.
    CHECK(check("INSERT INTO users (id, created_at) VALUES ($1, now()) ON CONFLICT DO NOTHING").empty());
    CHECK(check("SELECT now() FROM chat_messages FOR UPDATE").empty());
    // A function of a qualified name is still a call; a column is not.
    CHECK(check("UPDATE chats SET title = pg_catalog.timeofday(), owner_id = c.user FROM c") ==
          list{"1: timeofday() in an UPDATE of chats"});
    // Subqueries and keywords before "(" are no calls.
    CHECK(check("UPDATE chats SET (title, owner_id) = (SELECT t, o FROM x WHERE x.id IN (1, 2)) "
                "WHERE EXISTS (SELECT 1) AND id = ANY (ARRAY[$1::uuid])")
              .empty());
}
