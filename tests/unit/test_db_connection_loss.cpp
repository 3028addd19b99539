#include <doctest/doctest.h>

#include <stdexcept>

#include <pqxx/except>

#include "db/connection_loss.hpp"
#include "db/server_message.hpp"

using chatcost::db::is_connection_loss;
using chatcost::db::server_message;
using chatcost::db::server_message_with_state;

TEST_CASE("connection_loss: a gone connection, however libpqxx reports it") {
    CHECK(is_connection_loss(pqxx::broken_connection("server closed the connection unexpectedly")));
    CHECK(is_connection_loss(pqxx::in_doubt_error("commit outcome unknown")));
    CHECK(is_connection_loss(pqxx::statement_completion_unknown("connection lost")));
    // pg_terminate_backend and a fast shutdown (pg_ctl restart -m fast)
    CHECK(is_connection_loss(pqxx::sql_error("FATAL:  terminating connection due to administrator command\n",
                                             "SELECT 1", "57P01")));
    CHECK(is_connection_loss(pqxx::sql_error("crash", "", "57P02")));
    CHECK(is_connection_loss(pqxx::sql_error("the database system is starting up", "", "57P03")));
    CHECK(is_connection_loss(pqxx::sql_error("connection failure", "", "08006")));
}

TEST_CASE("connection_loss: failures of the work itself are not") {
    CHECK_FALSE(
        is_connection_loss(pqxx::sql_error("canceling statement due to statement timeout", "", "57014")));
    CHECK_FALSE(is_connection_loss(pqxx::sql_error("canceling statement due to lock timeout", "", "55P03")));
    CHECK_FALSE(is_connection_loss(pqxx::sql_error("permission denied", "", "42501")));
    CHECK_FALSE(is_connection_loss(pqxx::sql_error("no state")));
    CHECK_FALSE(is_connection_loss(pqxx::deadlock_detected("deadlock detected")));
    CHECK_FALSE(is_connection_loss(std::runtime_error("anything else")));
}

TEST_CASE("server_message: the first line, without the severity prefix; the SQLSTATE when known") {
    pqxx::sql_error timeout("ERROR:  canceling statement due to lock timeout\nCONTEXT:  SQL statement\n", "",
                            "55P03");
    CHECK(server_message(timeout) == "canceling statement due to lock timeout");
    CHECK(server_message_with_state(timeout) == "canceling statement due to lock timeout (SQLSTATE 55P03)");
    pqxx::sql_error fatal("FATAL:  terminating connection due to administrator command\n", "", "57P01");
    CHECK(server_message(fatal) == "terminating connection due to administrator command");
    CHECK(server_message_with_state(pqxx::broken_connection("server closed the connection\n")) ==
          "server closed the connection");
}
