#include <doctest/doctest.h>

#include <cstdlib>
#include <map>

#include "db/session.hpp"
#include "db_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;

namespace {

env_lookup env_of(std::map<std::string, std::string> vars) {
    return [vars](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

void ignore(const std::string&) {}

std::string show(pqxx::connection& c, const std::string& setting) {
    pqxx::nontransaction tx(c);
    return tx.exec1("SELECT current_setting(" + tx.quote(setting) + ")")[0].as<std::string>();
}

}  // namespace

TEST_CASE("the session sets application_name, the command's timeouts and JIT off") {
    session_settings settings;
    settings.database_flag = testing::server_url();
    settings.statement_timeout = std::chrono::milliseconds(1234);
    settings.lock_timeout = std::chrono::milliseconds(567);
    session s(settings, env_of({}), ignore, ignore);
    auto& c = s.connection();
    CHECK(show(c, "application_name") == "chatcost");
    CHECK(show(c, "statement_timeout") == "1234ms");
    CHECK(show(c, "lock_timeout") == "567ms");
    CHECK(show(c, "jit") == "off");  // without a round-trip of its own
    CHECK(&s.connection() == &c);    // one connection per session, opened once
}

TEST_CASE("a user's own application_name and options are kept") {
    session_settings settings;
    settings.database_flag =
        testing::server_url() + "?application_name=nightly-cron&options=-c%20work_mem%3D7MB";
    session s(settings, env_of({}), ignore, ignore);
    CHECK(show(s.connection(), "application_name") == "nightly-cron");
    CHECK(show(s.connection(), "work_mem") == "7MB");
    CHECK(show(s.connection(), "statement_timeout") == "1min");
}

TEST_CASE("PGOPTIONS is kept when the target sets no options") {
    session s({}, env_of({{"DATABASE_URL", testing::server_url()}, {"PGOPTIONS", "-c work_mem=9MB"}}), ignore,
              ignore);
    CHECK(s.target().source == target_source::database_url_env);
    CHECK(show(s.connection(), "work_mem") == "9MB");
}

TEST_CASE("libpq's own variables reach the server") {
    // libpq reads PG* from the process environment itself, so set them for real.
    setenv("PGHOST", testing::socket_dir().c_str(), 1);
    setenv("PGUSER", "postgres", 1);
    setenv("PGDATABASE", "postgres", 1);
    session s({}, process_env(), ignore, ignore);
    CHECK(s.target().source == target_source::libpq_env);
    CHECK(show(s.connection(), "application_name") == "chatcost");
    unsetenv("PGHOST");
    unsetenv("PGUSER");
    unsetenv("PGDATABASE");
}

TEST_CASE("an extra connection has the same settings") {
    session_settings settings;
    settings.database_flag = testing::server_url();
    settings.lock_timeout = std::chrono::milliseconds(2500);
    session s(settings, env_of({}), ignore, ignore);
    auto extra = s.open_connection();
    CHECK(show(*extra, "lock_timeout") == "2500ms");
    CHECK(extra->backendpid() != s.connection().backendpid());
}

TEST_CASE("an unreachable server is exit 4 and the password never shows") {
    session_settings settings;
    settings.database_flag = "postgresql://alice:Wonderland-99@%2Fnonexistent%2Fsock/db";
    std::string trace;
    session s(settings, env_of({}), ignore, [&trace](const std::string& line) { trace += line + "\n"; });
    try {
        s.connection();
        FAIL("expected a failure");
    } catch (const failure& e) {
        CHECK(e.code() == exit_code::unreachable);
        std::string what = e.what();
        CHECK(what.find("alice:****@") != std::string::npos);
        CHECK(what.find("Wonderland-99") == std::string::npos);
        CHECK_FALSE(e.next_step().empty());
    }
    CHECK(trace.find("Wonderland-99") == std::string::npos);
    CHECK(trace.find("connecting to postgresql://alice:****@") != std::string::npos);
}

TEST_CASE("an error in the connection string itself is exit 2, not 4, and the password never shows") {
    for (std::string conninfo : {"postgresql://alice:Wonderland-99@%2Fnonexistent%2Fsock/db?sslmode=bogus",
                                 "postgresql://alice:Wonderland-99@localhost:99999/db",
                                 "postgresql://alice:Wonderland-99@localhost:5432x/db",
                                 "host=/nonexistent password=Wonderland-99 sslmode=bogus",
                                 "postgresql://alice:Wonderland-99@[::1"}) {
        INFO(conninfo);
        session_settings settings;
        settings.database_flag = conninfo;
        std::string trace;
        session s(settings, env_of({}), ignore, [&trace](const std::string& line) { trace += line + "\n"; });
        try {
            s.connection();
            FAIL("expected a failure");
        } catch (const failure& e) {
            CHECK(e.code() == exit_code::usage);
            std::string what = e.what();
            CHECK(what.find("invalid connection string") != std::string::npos);
            CHECK(what.find("Wonderland") == std::string::npos);
        }
        CHECK(trace.find("Wonderland") == std::string::npos);
    }
}

TEST_CASE("an empty --database is a usage error") {
    session_settings settings;
    settings.database_flag = "";
    CHECK_THROWS_AS(session(settings, env_of({}), ignore, ignore), failure);
}

TEST_CASE("a connection to another database of the same server has the same settings") {
    auto other = testing::fresh_database("session_other_database");
    session_settings settings;
    settings.database_flag = testing::server_url();
    settings.lock_timeout = std::chrono::milliseconds(2500);
    session s(settings, env_of({}), ignore, ignore);
    auto connection = s.open_connection_to("session_other_database");
    CHECK(connection->dbname() == std::string("session_other_database"));
    CHECK(show(*connection, "lock_timeout") == "2500ms");
    CHECK(show(*connection, "application_name") == "chatcost");
    CHECK(other.ends_with("/session_other_database"));
}
