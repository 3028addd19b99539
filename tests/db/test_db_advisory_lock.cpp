#include <doctest/doctest.h>

#include <thread>

#include <pqxx/pqxx>

#include "db/advisory_lock.hpp"
#include "db_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t key = 0x7465737420303031;  // "test 001"

std::unique_ptr<pqxx::connection> connect() {
    return std::make_unique<pqxx::connection>(testing::server_url());
}

}  // namespace

TEST_CASE("advisory lock: one holder at a time; the second fails at once with exit 8") {
    advisory_lock first(connect(), key, 0ms, "test run");
    auto start = std::chrono::steady_clock::now();
    try {
        advisory_lock second(connect(), key, 0ms, "test run");
        FAIL("the lock is taken");
    } catch (const failure& error) {
        CHECK(error.code() == exit_code::locked);
        CHECK(std::string(error.what())
                  .starts_with("another test run holds the lock (advisory lock 8387236823640846385"));
        CHECK(error.next_step().find("--wait-lock") != std::string::npos);
    }
    CHECK(std::chrono::steady_clock::now() - start < 1s);
    advisory_lock other_key(connect(), key + 1, 0ms, "test run");  // other keys are free
}

TEST_CASE("advisory lock: a waiter gets it when the holder lets go, and gives up after its wait") {
    auto holder = std::make_unique<advisory_lock>(connect(), key, 0ms, "test run");
    auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_AS(advisory_lock(connect(), key, 300ms, "test run"), failure);
    CHECK(std::chrono::steady_clock::now() - start >= 300ms);
    std::thread release([&] {
        std::this_thread::sleep_for(200ms);
        holder.reset();
    });
    advisory_lock waiter(connect(), key, 10s, "test run");
    release.join();
}

TEST_CASE("advisory lock: the waiter polls, so it is never a blocked transaction") {
    advisory_lock first(connect(), key, 0ms, "test run");
    std::thread waiting([] { CHECK_THROWS_AS(advisory_lock(connect(), key, 600ms, "test run"), failure); });
    std::this_thread::sleep_for(300ms);
    pqxx::connection observer(testing::server_url());
    pqxx::nontransaction tx(observer);
    // No session waits on an advisory lock (a blocking pg_advisory_lock would show here).
    CHECK(
        tx.exec1("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")[0].as<int>() ==
        0);
    waiting.join();
}
