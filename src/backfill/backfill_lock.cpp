#include "backfill/backfill_lock.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

backfill_lock::backfill_lock(pqxx::connection& connection) : connection_(connection) {
    pqxx::nontransaction tx(connection_);
    if (tx.exec_params1(std::string(query("advisory_lock_try")), backfill_lock_key)[0].as<bool>()) return;
    auto holder = backfill_lock_holder(tx);
    // One line, no hint: cron mails it as it is.
    throw failure(exit_code::locked,
                  holder
                      ? "another backfill is running on this database: " + *holder + " holds its lock"
                      : "another backfill was running on this database a moment ago; run the command again");
}

backfill_lock::~backfill_lock() {
    try {
        pqxx::nontransaction tx(connection_);
        tx.exec_params(std::string(query("advisory_unlock")), backfill_lock_key);
    } catch (...) {  // the connection is gone, and the lock with it
    }
}

std::optional<std::string> backfill_lock_holder(pqxx::transaction_base& tx) {
    auto holders = tx.exec_params(std::string(query("advisory_lock_holders")), backfill_lock_key);
    if (holders.empty()) return std::nullopt;
    const auto& row = holders[0];
    return fmt::format("PostgreSQL backend pid {} (application '{}', connected since {})", row["pid"].c_str(),
                       row["application_name"].c_str(), row["since"].c_str());
}

}  // namespace chatcost::db
