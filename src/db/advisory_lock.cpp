#include "db/advisory_lock.hpp"

#include <thread>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

constexpr std::chrono::milliseconds poll_interval{100};

}  // namespace

advisory_lock::advisory_lock(std::unique_ptr<pqxx::connection> connection, std::int64_t key,
                             std::chrono::milliseconds wait, const std::string& what)
    : connection_(std::move(connection)), key_(key) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (!try_once()) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (left <= std::chrono::milliseconds(0)) {
            throw failure(
                exit_code::locked,
                fmt::format("another {} holds the lock (advisory lock {}{}){}", what, key_, holders(),
                            wait.count() > 0 ? fmt::format(", still after {}", format_duration(wait)) : ""),
                "wait for it to finish, or pass --wait-lock DURATION (e.g. --wait-lock 10m) to wait");
        }
        std::this_thread::sleep_for(std::min(poll_interval, left));
    }
}

advisory_lock::~advisory_lock() {
    try {
        pqxx::nontransaction tx(*connection_, "advisory unlock");
        tx.exec_params(std::string(query("advisory_unlock")), key_);
    } catch (const std::exception&) {
        // The connection closes next, which releases a session-level lock all the same.
    }
}

bool advisory_lock::try_once() {
    pqxx::nontransaction tx(*connection_, "advisory lock");
    return tx.exec_params1(std::string(query("advisory_lock_try")), key_)[0].as<bool>();
}

std::string advisory_lock::holders() {
    pqxx::nontransaction tx(*connection_, "advisory lock holders");
    std::string text;
    for (const auto& row : tx.exec_params(std::string(query("advisory_lock_holders")), key_)) {
        text += fmt::format("{}pid {}", text.empty() ? ", held by " : " and ", row["pid"].as<std::int64_t>());
        auto application = row["application_name"].as<std::string>();
        if (!application.empty()) text += fmt::format(" ({})", application);
        auto since = row["since"].as<std::string>();
        if (!since.empty()) text += fmt::format(" connected since {}", since);
    }
    return text;
}

}  // namespace chatcost::db
