#include <doctest/doctest.h>

#include <sstream>

#include <pqxx/except>

#include "cli/error_report.hpp"
#include "util/failure.hpp"

using namespace chatcost;

namespace {

template <typename Exception>
std::pair<exit_code, std::string> report(const Exception& error) {
    std::ostringstream err;
    cli::error_sink sink{err};
    sink.scrub = [](std::string_view s) {
        std::string out(s);
        for (auto at = out.find("hunter2"); at != std::string::npos; at = out.find("hunter2"))
            out.replace(at, 7, "****");
        return out;
    };
    auto code = cli::report_exception(std::make_exception_ptr(error), sink);
    return {code, err.str()};
}

}  // namespace

TEST_CASE("a failure keeps its exit code and prints its next step") {
    auto [code, text] =
        report(failure(exit_code::schema, "database not migrated", "run 'chatcost migrate up' first"));
    CHECK(code == exit_code::schema);
    CHECK(text ==
          "chatcost: error: database not migrated\nchatcost: hint: run 'chatcost migrate up' first\n");
}

TEST_CASE("SQL errors exit 5 and name the SQLSTATE") {
    auto [code, text] =
        report(pqxx::sql_error("ERROR:  relation \"x\" does not exist\n", "SELECT 1", "42P01"));
    CHECK(code == exit_code::database);
    CHECK(text == "chatcost: error: database error: relation \"x\" does not exist (SQLSTATE 42P01)\n");
}

TEST_CASE("an SQL error without its SQLSTATE (libpqxx 6.4's typed ones) prints no empty one") {
    auto [code, text] = report(pqxx::undefined_table("ERROR:  relation \"x\" does not exist\n", "SELECT 1"));
    CHECK(code == exit_code::database);
    CHECK(text == "chatcost: error: database error: relation \"x\" does not exist\n");
}

TEST_CASE("the server ending the connection (restart, pg_terminate_backend) exits 4, not 5") {
    auto [code, text] = report(pqxx::sql_error(
        "FATAL:  terminating connection due to administrator command\n", "SELECT 1", "57P01"));
    CHECK(code == exit_code::unreachable);
    CHECK(text.find("lost the database connection: terminating connection due to administrator command "
                    "(SQLSTATE 57P01)") != std::string::npos);
    CHECK(report(pqxx::in_doubt_error("commit outcome unknown")).first == exit_code::unreachable);
}

TEST_CASE("a lost connection exits 4") {
    auto [code, text] = report(pqxx::broken_connection("server closed the connection unexpectedly"));
    CHECK(code == exit_code::unreachable);
    CHECK(text.find("lost the database connection") != std::string::npos);
}

TEST_CASE("anything else is an internal error, exit 1") {
    CHECK(report(std::runtime_error("boom")).first == exit_code::internal);
}

TEST_CASE("secrets are scrubbed from every message") {
    auto [code, text] = report(failure(exit_code::unreachable, "cannot connect: password hunter2 rejected"));
    CHECK(text.find("hunter2") == std::string::npos);
    CHECK(text.find("****") != std::string::npos);
}

TEST_CASE("deadlocks and serialization failures exit 5") {
    auto [code, text] = report(pqxx::deadlock_detected("ERROR:  deadlock detected\n"));
    CHECK(code == exit_code::database);
    CHECK(text.find("deadlock detected") != std::string::npos);
    CHECK(report(pqxx::serialization_failure("could not serialize access")).first == exit_code::database);
}

TEST_CASE("control characters in a message never reach the terminal; its lines are kept") {
    auto [code, text] = report(failure(exit_code::invalid_input, "bad name \x1b[31mred\x1b[0m\nsecond line"));
    CHECK(text.find('\x1b') == std::string::npos);
    CHECK(text.find("\\x1b[31mred") != std::string::npos);
    CHECK(text.find("\nsecond line") != std::string::npos);
}

TEST_CASE("a privilege refused exits 5, names SQLSTATE 42501 and points to PRIVILEGES") {
    // libpqxx 6.4 throws insufficient_privilege for 42501 without the code itself.
    auto [code, text] =
        report(pqxx::insufficient_privilege("ERROR:  permission denied for table users\n", "SELECT 1"));
    CHECK(code == exit_code::database);
    CHECK(text ==
          "chatcost: error: database error: permission denied for table users (SQLSTATE 42501)\n"
          "chatcost: hint: the database role lacks a privilege this command needs: see PRIVILEGES in "
          "chatcost(1)\n");
}

TEST_CASE("libpq's tab-indented lines print indented, not as \\t; other control characters stay escaped") {
    auto [code, text] = report(failure(exit_code::unreachable,
                                       "cannot connect: connection to server on socket \"/x\" failed\n"
                                       "\tIs the server running locally and\taccepting connections?"));
    CHECK(code == exit_code::unreachable);
    CHECK(text.find("failed\n  Is the server running locally and\\taccepting connections?\n") !=
          std::string::npos);
}

TEST_CASE("without a session, the sink still masks every connection string's password") {
    std::ostringstream err;
    cli::error_sink sink{err};
    cli::report_exception(
        std::make_exception_ptr(failure(exit_code::usage, "unexpected argument mysql://u:S3cret@h/db")),
        sink);
    CHECK(err.str().find("mysql://u:****@h/db") != std::string::npos);
    CHECK(err.str().find("S3cret") == std::string::npos);
}
