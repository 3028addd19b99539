#pragma once
// `migrate lint`: checks a migration file for what hurts a live database (DESIGN.md section 3:
// chat_messages has hundreds of millions of rows and the application keeps writing). Pure:
// file text in, findings out.
//
// Rules (ids as printed):
//   index-without-concurrently  CREATE/DROP INDEX without CONCURRENTLY on a table this file did
//                               not create: writes to it block for the whole build
//   concurrently-in-transaction CONCURRENTLY in a migration without the no-transaction marker
//   update-or-delete            UPDATE or DELETE in a migration: backfills run in batches, outside
//   ddl-and-dml-same-table      DDL and DML on one table in one transaction: the DDL's lock is held
//                               while the rows are written
//   volatile-default            ADD COLUMN on an existing table with a volatile default (random(),
//                               gen_random_uuid(), clock_timestamp(), nextval(), a serial type, an
//                               identity): PostgreSQL rewrites the whole table under its lock
//   int-not-bigint              an integer/smallint/serial column: ids, tokens and money are bigint
//   missing-if-exists           CREATE INDEX / ADD COLUMN without IF NOT EXISTS, DROP INDEX /
//                               DROP COLUMN without IF EXISTS: a re-run after a failure must work
//   syntax                      an unterminated quote or comment
// Tables created earlier in the same file are new: nobody else uses them yet. A finding that is
// deliberate is allowed by a comment naming its rule on the same line or the line above:
//   pid integer,  -- chatcost:lint-allow int-not-bigint (PostgreSQL's own pids are int4)

#include <string>
#include <string_view>
#include <vector>

namespace chatcost::db {

struct lint_finding {
    std::string file;
    int line = 1;  // 1-based
    std::string rule;
    std::string message;
};

// The findings for one file, in line order; `path` names it in them. Whether the file is
// transactional comes from its first line (see migration_catalog.hpp).
std::vector<lint_finding> lint_migration(const std::string& path, std::string_view text);

// "file:line: rule-id: message"
std::string format_finding(const lint_finding& finding);

}  // namespace chatcost::db
