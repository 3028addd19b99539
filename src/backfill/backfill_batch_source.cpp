#include "backfill/backfill_batch_source.hpp"

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

backfill_batch_source::backfill_batch_source(pqxx::connection& connection, const backfill_scope& scope,
                                             std::int64_t last_id, bool read_ahead, bool writing)
    : connection_(connection),
      scope_(scope),
      last_id_(last_id),
      read_ahead_(read_ahead),
      read_sql_(query(scope.mode == backfill_mode::recompute ? "backfill_read_recompute"
                                                             : "backfill_read_pending")),
      pricer_(connection, writing) {}

backfill_batch_source::~backfill_batch_source() {
    discard();
}

void backfill_batch_source::request(std::int64_t cursor_id, std::int64_t limit) {
    discard();
    if (read_ahead_) {
        // One task at a time: the connection is never used by two threads at once.
        pending_ =
            std::async(std::launch::async, [this, cursor_id, limit] { return fetch(cursor_id, limit); });
    } else {
        cursor_id_ = cursor_id;
        limit_ = limit;
    }
}

fetched_batch backfill_batch_source::take() {
    if (pending_.valid()) return pending_.get();
    return fetch(cursor_id_, limit_);
}

void backfill_batch_source::discard() {
    if (!pending_.valid()) return;
    pending_.wait();
    try {
        pending_.get();
    } catch (...) {  // a batch nobody wants any more: what went wrong reading it does not matter
    }
}

fetched_batch backfill_batch_source::fetch(std::int64_t cursor_id, std::int64_t limit) {
    const auto started = std::chrono::steady_clock::now();
    fetched_batch batch;
    batch.limit = limit;
    pqxx::result rows;
    {
        pqxx::nontransaction tx(connection_);
        rows = tx.exec_params(read_sql_, cursor_id, last_id_, limit, scope_.since, scope_.until);
    }
    batch.rows = static_cast<std::int64_t>(rows.size());
    batch.next_cursor = batch.rows < limit ? last_id_ : rows[rows.size() - 1][0].as<std::int64_t>();
    batch.priced = pricer_.price(rows);
    batch.took =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    return batch;
}

}  // namespace chatcost::db
