#include <doctest/doctest.h>

#include "db/conninfo.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;

TEST_CASE("mask_password hides URL passwords in userinfo and query") {
    CHECK(mask_password("postgresql://alice:s3cret@db.example:5432/chat") ==
          "postgresql://alice:****@db.example:5432/chat");
    CHECK(mask_password("postgres://alice:p%40ss@host/db") == "postgres://alice:****@host/db");
    CHECK(mask_password("postgresql://alice@host/db") == "postgresql://alice@host/db");
    CHECK(mask_password("postgresql://host/db?sslmode=require&password=x1y2&user=bob") ==
          "postgresql://host/db?sslmode=require&password=****&user=bob");
    CHECK(mask_password("postgresql://host/db?password=first") == "postgresql://host/db?password=****");
    CHECK(mask_password("postgresql://alice:pw@h1,h2/db?target_session_attrs=any") ==
          "postgresql://alice:****@h1,h2/db?target_session_attrs=any");
}

TEST_CASE("mask_password hides key=value passwords, quoted or not") {
    CHECK(mask_password("host=db user=alice password=s3cret dbname=chat") ==
          "host=db user=alice password=**** dbname=chat");
    CHECK(mask_password("password = 'it\\'s a secret' host=db") == "password = **** host=db");
    CHECK(mask_password("host=db passwordless=1") == "host=db passwordless=1");
    CHECK(mask_password("host=db") == "host=db");
    CHECK(mask_password("password=") == "password=****");
}

TEST_CASE("parse_conninfo accepts what libpq accepts") {
    auto params = parse_conninfo("postgresql://alice:pw@%2Ftmp%2Fsock/ledger?application_name=x");
    CHECK(find_param(params, "host") == "/tmp/sock");
    CHECK(find_param(params, "user") == "alice");
    CHECK(find_param(params, "password") == "pw");
    CHECK(find_param(params, "dbname") == "ledger");
    CHECK(find_param(params, "application_name") == "x");
    CHECK_FALSE(find_param(params, "port").has_value());
    CHECK(parse_conninfo("").empty());
}

TEST_CASE("parse_conninfo rejects garbage with a usage error that hides the password") {
    try {
        parse_conninfo("host=x password=topsecret nonsense_key=1");
        FAIL("expected a failure");
    } catch (const failure& e) {
        CHECK(e.code() == exit_code::usage);
        std::string what = e.what();
        CHECK(what.find("nonsense_key") != std::string::npos);
        CHECK(what.find("topsecret") == std::string::npos);
    }
}

TEST_CASE("to_conninfo quotes values so that libpq reads them back unchanged") {
    conninfo_params params{{"host", "/tmp/with space"}, {"options", "-c a='b'"}, {"password", "x\\y"}};
    auto round_trip = parse_conninfo(to_conninfo(params));
    CHECK(find_param(round_trip, "host") == "/tmp/with space");
    CHECK(find_param(round_trip, "options") == "-c a='b'");
    CHECK(find_param(round_trip, "password") == "x\\y");
    set_param(params, "host", "/other");
    CHECK(find_param(params, "host") == "/other");
    CHECK(params.size() == 3);
}

TEST_CASE("parse_conninfo: libpq's message about a malformed string never holds its password") {
    for (const std::string conninfo : {
             "postgresql://admin:S3cret@[::1",
             "postgresql://admin:S3cret@[::1]x/db",
             "postgresql://admin:S3%zzcret@host/db",
             "postgresql://admin:S3c%00ret@host/db",
             "postgresql://admin:S3cret@host/db?nonsense=1",
             "mysql://admin:S3cret@host/db",
             "host=x password='S3cret",
             "password=S3cret host=x port",
         }) {
        INFO(conninfo);
        try {
            parse_conninfo(conninfo);
            FAIL("expected a failure");
        } catch (const failure& e) {
            CHECK(e.code() == exit_code::usage);
            std::string what = e.what();
            CHECK(what.find("S3") == std::string::npos);
            CHECK(what.find("cret") == std::string::npos);
            CHECK(what.find("****") != std::string::npos);
        }
    }
}

TEST_CASE("libpq_message: no trailing newline, tabs as indentation, no password however short") {
    CHECK(libpq_message("connection to server on socket \"/x/.s.PGSQL.5432\" failed: No such file or "
                        "directory\n\tIs the server running locally?\n",
                        "host=/x") ==
          "connection to server on socket \"/x/.s.PGSQL.5432\" failed: No such file or directory\n"
          "  Is the server running locally?");
    CHECK(libpq_message("invalid percent-encoded token: \"p%z\"\n", "postgresql://u:p%z@h") ==
          "invalid percent-encoded token: \"****\"");
    CHECK(libpq_message("forbidden value %00 in percent-encoded value: \"S3c%00ret\"\n",
                        "postgresql://u:S3c%00ret@h") ==
          "forbidden value %00 in percent-encoded value: \"****\"");
}

TEST_CASE("is_connection_string_error: libpq refusing the options, not an unreachable server") {
    for (std::string_view message : {
             "invalid sslmode value: \"bogus\"",
             "invalid port number: \"99999\"",
             "invalid integer value \"5432x\" for connection option \"port\"",
             "definition of service \"nosuch\" not found",
             "service file \"/nonexistent\" not found",
             "syntax error in service file \"/tmp/pg_service.conf\", line 3",
             "line 2 too long in service file \"/tmp/pg_service.conf\"",
             "invalid target_session_attrs value: \"x\"",
             "could not match 2 port numbers to 3 hosts",
         }) {
        CHECK_MESSAGE(is_connection_string_error(message), message);
    }
    for (std::string_view message : {
             "connection to server on socket \"/x/.s.PGSQL.5432\" failed: No such file or directory",
             "connection to server at \"db\" (10.0.0.1), port 5432 failed: FATAL:  password authentication "
             "failed for user \"u\"",
             "could not translate host name \"nohost\" to address: Name or service not known",
         }) {
        CHECK_FALSE_MESSAGE(is_connection_string_error(message), message);
    }
}
