#pragma once
// For the db suite: the server that tests/harness/with_postgres.py started.

#include <cstdlib>
#include <stdexcept>
#include <string>

#include <pqxx/pqxx>

namespace chatcost::testing {

// Superuser URL of the test server (CHATCOST_TEST_DATABASE_URL).
inline std::string server_url() {
    const char* url = std::getenv("CHATCOST_TEST_DATABASE_URL");
    if (!url)
        throw std::runtime_error(
            "CHATCOST_TEST_DATABASE_URL is not set: run under tests/harness/with_postgres.py");
    return url;
}

inline std::string socket_dir() {
    const char* dir = std::getenv("CHATCOST_TEST_SOCKET_DIR");
    if (!dir) throw std::runtime_error("CHATCOST_TEST_SOCKET_DIR is not set");
    return dir;
}

// A new, empty database; returns its URL. Names are fixed by the tests, never user text.
inline std::string fresh_database(const std::string& name) {
    pqxx::connection admin(server_url());
    pqxx::nontransaction tx(admin);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name));
    tx.exec("CREATE DATABASE " + tx.quote_name(name));
    auto url = server_url();
    return url.substr(0, url.rfind('/') + 1) + name;
}

}  // namespace chatcost::testing
