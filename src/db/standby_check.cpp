#include "db/standby_check.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

bool is_standby(pqxx::connection& connection) {
    // A nontransaction: no BEGIN, no snapshot kept, nothing a standby could refuse.
    pqxx::nontransaction tx(connection, "standby check");
    return tx.exec1(std::string(query("server_in_recovery")))[0].as<bool>();
}

void refuse_standby(pqxx::connection& connection, const std::string& what, const std::string& target) {
    if (!is_standby(connection)) return;
    throw failure(exit_code::database,
                  fmt::format("{} writes, and {} is a standby (read-only: pg_is_in_recovery() is true); "
                              "nothing was done",
                              what, target),
                  "point it at the primary server; reports (summary, rollup, explain, prices list, "
                  "migrate status, db status) work on a standby");
}

}  // namespace chatcost::db
