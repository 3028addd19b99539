#pragma once
// CREATE INDEX CONCURRENTLY on a partitioned table: PostgreSQL 15 refuses it ("cannot create
// index on partitioned table concurrently"), and chatcost's migrations build their chat_messages
// indexes so, to keep the platform's inserts going. On a platform that partitions chat_messages
// (docs/scaling.md, "Partitioned chat_messages"), the migration runner builds such an index the
// way PostgreSQL documents for it instead: the index on the parent alone (ON ONLY: instant, no
// rows read, INVALID until complete), then each partition's index CONCURRENTLY, attached to it;
// the parent's index turns valid when the last partition's is attached. Pure: statement texts
// in, statement texts out; the runner asks the catalog which partitions there are.

#include <optional>
#include <string>

#include "migrations/sql_splitter.hpp"

namespace chatcost::db {

// `CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] name ON [ONLY] table rest`, taken apart.
struct concurrent_index {
    bool unique = false;
    std::string name;   // as written (may be schema-qualified or quoted)
    std::string table;  // as written
    std::string rest;   // from [USING method] (columns) to the end, as written
};

// The parts of `statement`, or nothing when it is not such a statement (or names no index).
std::optional<concurrent_index> parse_concurrent_index(const sql_statement& statement);

// The index on the parent alone: `CREATE [UNIQUE] INDEX IF NOT EXISTS name ON ONLY table rest`.
std::string parent_index_statement(const concurrent_index& index);

// One partition's index, `partition_index` (a quoted name) on `partition` (regclass text):
// CONCURRENTLY on a plain partition; on a partition that is partitioned itself, which refuses
// CONCURRENTLY too, a plain CREATE INDEX (it recurses, and blocks that partition's writes while it
// builds).
std::string partition_index_statement(const concurrent_index& index, const std::string& partition_index,
                                      const std::string& partition, bool partitioned);

// `ALTER INDEX name ATTACH PARTITION partition_index`.
std::string attach_index_statement(const concurrent_index& index, const std::string& partition_index);

}  // namespace chatcost::db
