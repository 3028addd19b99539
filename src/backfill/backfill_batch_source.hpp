#pragma once
// Where a backfill's batches come from: the next rows after a cursor (sql/queries/
// backfill_read_pending.sql, or backfill_read_recompute.sql), read without locks and priced.
// Reading ahead, on a connection of its own, the source reads and prices batch k+1 while the
// runner writes batch k, so that the server works on both at once.

#include <chrono>
#include <cstdint>
#include <future>
#include <string>

#include <pqxx/connection>

#include "backfill/backfill_pricer.hpp"
#include "backfill/backfill_run_store.hpp"

namespace chatcost::db {

struct fetched_batch {
    std::int64_t limit = 0;        // the most rows asked for
    std::int64_t rows = 0;         // read
    std::int64_t next_cursor = 0;  // the last id read, or the end of the range when fewer than limit
    priced_batch priced;
    std::chrono::microseconds took{0};  // reading and pricing
};

class backfill_batch_source {
public:
    // `connection` is used for reading (and loading prices, and registering their refs when
    // `writing`) only, from another thread when `read_ahead`; it must not be the runner's write
    // connection then.
    backfill_batch_source(pqxx::connection& connection, const backfill_scope& scope, std::int64_t last_id,
                          bool read_ahead, bool writing);
    ~backfill_batch_source();
    backfill_batch_source(const backfill_batch_source&) = delete;
    backfill_batch_source& operator=(const backfill_batch_source&) = delete;

    // Asks for at most `limit` rows after `cursor_id`; any batch asked for before and not taken
    // is discarded.
    void request(std::int64_t cursor_id, std::int64_t limit);
    // The batch asked for last (waits for it); rethrows what reading it threw.
    fetched_batch take();
    // Drops the batch asked for, if any, once its reading has finished.
    void discard();

private:
    fetched_batch fetch(std::int64_t cursor_id, std::int64_t limit);

    pqxx::connection& connection_;
    const backfill_scope& scope_;
    std::int64_t last_id_;
    bool read_ahead_;
    std::string read_sql_;
    backfill_pricer pricer_;
    std::future<fetched_batch> pending_;  // read ahead
    std::int64_t cursor_id_ = 0;          // asked for, when not reading ahead
    std::int64_t limit_ = 0;
};

}  // namespace chatcost::db
