#pragma once
// One backfill batch priced: the rows read by sql/queries/backfill_read_pending.sql (or
// backfill_read_recompute.sql) through the cost engine, at prices resolved once per run
// (price_catalog.hpp), into the writes to make and the batch's counts.

#include <cstdint>
#include <optional>
#include <vector>

#include <pqxx/connection>
#include <pqxx/field>
#include <pqxx/result>

#include "backfill/backfill_tally.hpp"
#include "ledger/price_catalog.hpp"

namespace chatcost::db {

// A cost and the ref of the price behind it to write: to message `id`, if it is still row
// version `version` holding `old_cost` and `old_ref`.
struct write_entry {
    std::int64_t id = 0;
    std::uint32_t version = 0;  // xmin as read
    std::optional<std::int64_t> old_cost;
    std::optional<std::int64_t> new_cost;
    std::optional<std::int64_t> old_ref;  // chat_messages.cost_price_ref as read
    std::optional<std::int64_t> new_ref;  // chatcost_price_refs.id of the price that priced it
    const model_key* model = nullptr;     // the model it is counted under (a key of the batch's tally)
};

struct priced_batch {
    backfill_tally tally;
    std::vector<write_entry> writes;  // ascending ids
};

class backfill_pricer {
public:
    // Loads every model config's prices on `connection`, which it also uses to reload them when
    // a batch names a config created since, and registers their refs (price_catalog.hpp):
    // creating the missing ones when `writing`, looking them up only for a dry run.
    backfill_pricer(pqxx::connection& connection, bool writing);

    // Rows in the read queries' column order. Counts every row; prices each at the price in
    // force at its created_at, and plans a write for each whose stored cost or ref differs from
    // the engine's (a plain backfill reads only NULL costs).
    priced_batch price(const pqxx::result& rows);

private:
    void reload();
    void price_row(const pqxx::row& row, const priced_config* config, priced_batch& batch);

    pqxx::connection& connection_;
    bool writing_;
    price_catalog catalog_;
};

// The batch's counts once written: the writes the write statement skipped (`skipped_ids`, an
// int8[] field: rows changed or locked meanwhile) count as skipped, and their models' sums keep
// the cost the rows had. The batch itself is left as priced, so that it can be written again.
backfill_tally count_skipped(const priced_batch& batch, const pqxx::field& skipped_ids);

}  // namespace chatcost::db
