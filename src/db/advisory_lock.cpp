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

bool try_once(pqxx::connection& connection, std::int64_t key) {
    pqxx::nontransaction tx(connection, "advisory lock");
    return tx.exec_params1(std::string(query("advisory_lock_try")), key)[0].as<bool>();
}

}  // namespace

std::vector<advisory_lock_holder> advisory_lock_holders(pqxx::transaction_base& tx, std::int64_t key) {
    std::vector<advisory_lock_holder> holders;
    for (const auto& row : tx.exec_params(std::string(query("advisory_lock_holders")), key)) {
        holders.push_back({row["pid"].as<std::int64_t>(), row["application_name"].as<std::string>(),
                           row["since"].as<std::string>()});
    }
    return holders;
}

bool poll_advisory_lock(pqxx::connection& connection, std::int64_t key, std::chrono::milliseconds wait,
                        const lock_pause& pause) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (!try_once(connection, key)) {
        auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline -
                                                                          std::chrono::steady_clock::now());
        if (left <= std::chrono::milliseconds(0)) return false;
        auto nap = std::min(poll_interval, left);
        if (!pause) {
            std::this_thread::sleep_for(nap);
        } else if (!pause(nap)) {
            return false;
        }
    }
    return true;
}

advisory_lock::advisory_lock(std::unique_ptr<pqxx::connection> connection, std::int64_t key,
                             std::chrono::milliseconds wait, const std::string& what)
    : connection_(std::move(connection)), key_(key) {
    if (poll_advisory_lock(*connection_, key_, wait)) return;
    throw failure(exit_code::locked,
                  fmt::format("another {} holds the lock (advisory lock {}{}){}", what, key_, holders(),
                              wait.count() > 0 ? fmt::format(", still after {}", format_duration(wait)) : ""),
                  "wait for it to finish, or pass --wait-lock DURATION (e.g. --wait-lock 10m) to wait");
}

advisory_lock::~advisory_lock() {
    try {
        pqxx::nontransaction tx(*connection_, "advisory unlock");
        tx.exec_params(std::string(query("advisory_unlock")), key_);
    } catch (const std::exception&) {
        // The connection closes next, which releases a session-level lock all the same.
    }
}

std::string advisory_lock::holders() {
    pqxx::nontransaction tx(*connection_, "advisory lock holders");
    std::string text;
    for (const auto& holder : advisory_lock_holders(tx, key_)) {
        text += fmt::format("{}pid {}", text.empty() ? ", held by " : " and ", holder.pid);
        if (!holder.application_name.empty()) text += fmt::format(" ({})", holder.application_name);
        if (!holder.since.empty()) text += fmt::format(" connected since {}", holder.since);
    }
    return text;
}

}  // namespace chatcost::db
