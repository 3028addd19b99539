#pragma once
// What a backfill run did, counted: per batch (recorded with the batch's cursor in the same
// transaction) and per run (the sum). Plain values; src/db/backfill_run_store.hpp stores them.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "cost/exact_units.hpp"
#include "cost/message_cost.hpp"

namespace chatcost::db {

// A sum of int64 costs, which may pass int64: exact to 2^127.
__extension__ typedef __int128 cost_sum;

std::string to_decimal_text(cost_sum sum);
// Reads to_decimal_text's output back (PostgreSQL's text of a whole numeric). Throws
// std::invalid_argument for anything else.
cost_sum parse_cost_sum(std::string_view text);

// Per model (the config's provider and model; both empty for messages without a config).
struct model_tally {
    std::int64_t rows = 0;          // messages the engine priced, or (recompute) that held a cost
    std::int64_t rows_written = 0;  // of which the stored cost was changed
    cost_sum old_cost = 0;          // their stored costs before the run (NULL counts 0)
    cost_sum new_cost = 0;          // their stored costs after it

    void add(const model_tally& other);
};

// Messages of one model config that could not be priced (bad data), of one kind: "config" (a
// price of the config does not parse; every message of it) or "message" (the message's own
// data: a negative token count, a cost past int64). Reasons of the second kind name values,
// so only the first message's is kept.
struct problem_tally {
    std::int64_t rows = 0;
    std::int64_t first_message_id = 0;
    std::string reason;  // the first message's

    void add(const problem_tally& other);
};

using model_key = std::pair<std::string, std::string>;    // provider, model
using problem_key = std::pair<std::string, std::string>;  // config id ("" without one), kind

struct backfill_tally {
    std::int64_t rows_scanned = 0;
    std::int64_t rows_priced = 0;                 // the engine gave a cost
    std::int64_t rows_written = 0;                // a cost (or, recompute, NULL) was written
    std::int64_t rows_unchanged = 0;              // recompute: the stored cost was already right
    std::int64_t rows_invalid = 0;                // bad data, left as it was
    std::int64_t rows_skipped = 0;                // changed or locked by someone else before we wrote
    std::array<std::int64_t, 4> rows_unpriced{};  // indexed by cost::unpriced_reason
    std::int64_t batches = 0;
    std::map<model_key, model_tally> by_model;
    std::map<problem_key, problem_tally> problems;

    std::int64_t& unpriced(cost::unpriced_reason reason) {
        return rows_unpriced[static_cast<std::size_t>(reason)];
    }
    std::int64_t unpriced(cost::unpriced_reason reason) const {
        return rows_unpriced[static_cast<std::size_t>(reason)];
    }
    std::int64_t unpriced_total() const;

    void add(const backfill_tally& other);
};

}  // namespace chatcost::db
