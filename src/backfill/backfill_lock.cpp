#include "backfill/backfill_lock.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/advisory_lock.hpp"
#include "db/embedded_sql.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

std::string describe(const advisory_lock_holder& holder) {
    return fmt::format("PostgreSQL backend pid {} (application '{}', connected since {})", holder.pid,
                       holder.application_name, holder.since);
}

[[noreturn]] void refuse(pqxx::connection& connection, std::chrono::milliseconds wait) {
    pqxx::nontransaction tx(connection);
    auto holders = advisory_lock_holders(tx, backfill_lock_key);
    const auto waited = wait.count() > 0 ? fmt::format(" (waited {})", format_duration(wait)) : "";
    if (holders.empty()) {
        throw failure(exit_code::locked,
                      "another backfill was running on this database a moment ago" + waited,
                      "run the command again");
    }
    const auto pid = holders.front().pid;
    // The server cannot tell a live backfill from a dead one whose session it has not noticed
    // yet (a lost host, a network cut: until TCP keepalive gives up): the person can.
    throw failure(exit_code::locked,
                  fmt::format("another backfill is running on this database: {} holds its lock{}",
                              describe(holders.front()), waited),
                  fmt::format("let it finish, or wait longer with --wait-lock DURATION; if the process that "
                              "ran it is gone, end its session: SELECT pg_terminate_backend({})",
                              pid));
}

}  // namespace

backfill_lock::backfill_lock(pqxx::connection& connection, std::chrono::milliseconds wait,
                             const interrupt_guard* interrupts)
    : connection_(connection) {
    lock_pause pause;
    if (interrupts)
        pause = [interrupts](std::chrono::milliseconds nap) { return interrupts->sleep_for(nap); };
    if (poll_advisory_lock(connection_, backfill_lock_key, wait, pause)) return;
    if (interrupts && interrupts->requested()) {
        throw failure(exit_code::interrupted, "backfill: interrupted while waiting for the backfill lock",
                      "nothing was done; run 'chatcost backfill' again");
    }
    refuse(connection_, wait);
}

backfill_lock::~backfill_lock() {
    try {
        pqxx::nontransaction tx(connection_);
        tx.exec_params(std::string(query("advisory_unlock")), backfill_lock_key);
    } catch (...) {  // the connection is gone, and the lock with it
    }
}

std::optional<std::string> backfill_lock_holder(pqxx::transaction_base& tx) {
    auto holders = advisory_lock_holders(tx, backfill_lock_key);
    if (holders.empty()) return std::nullopt;
    return describe(holders.front());
}

}  // namespace chatcost::db
