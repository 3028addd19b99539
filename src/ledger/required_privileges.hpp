#pragma once
// What a writing command needs of the database role, checked before it starts: a backfill that
// lacks a grant should say so at once, naming every missing privilege, rather than fail on its
// first write after reading a batch (or, worse, after opening a run it cannot record).
// The lists below are the ones documented in README.md ("Least privileges") and in the
// PRIVILEGES sections of the man pages; tests/cli/test_privileges.py proves them by test.

#include <string>
#include <string_view>
#include <vector>

#include <pqxx/connection>

namespace chatcost::db {

enum class object_kind { table, sequence };

// One privilege on one of chatcost's tables or sequences (fixed names from the code, never user
// text), optionally on a single column: {"UPDATE", "chat_messages", "total_cost_micros"}.
struct privilege {
    std::string_view name;    // SELECT, INSERT, UPDATE, USAGE
    std::string_view object;  // a table or sequence, resolved through the search_path
    std::string_view column;  // "" for the whole table
    object_kind kind = object_kind::table;
};

// `chatcost backfill`: with `writing` false (--dry-run) only the reads.
std::vector<privilege> backfill_privileges(bool writing);
// `chatcost seed apply`: with `writing` false (--dry-run) only the reads.
std::vector<privilege> seed_apply_privileges(bool writing);
// `chatcost prices set|unset`: seed apply's, and DELETE (unset of a model without a default).
std::vector<privilege> custom_price_privileges();

// For people, in GRANT's own words, one object after another in the order first named:
// "UPDATE (total_cost_micros) on chat_messages; INSERT, UPDATE on chatcost_backfill_runs;
// USAGE on sequence chatcost_backfill_runs_id_seq". Pure.
std::string describe_privileges(const std::vector<privilege>& privileges);

struct privilege_check {
    std::string role;                // current_user
    std::vector<privilege> missing;  // in the order asked; empty when the role has them all
};

// Which of `needed` the connection's role lacks (directly or through roles it inherits from),
// asked in one statement (sql/queries/privileges_missing.sql). An object that does not exist, or
// sits in a schema the role may not use, counts as missing.
privilege_check check_privileges(pqxx::connection& connection, const std::vector<privilege>& needed);

// Throws failure(exit_code::database, "<what>: role \"x\" lacks <every missing privilege>", a hint
// naming the PRIVILEGES section of chatcost-<first word of what>(1)) unless the role has them all.
// Call it after require_current_schema and before the command's own work.
void require_privileges(pqxx::connection& connection, std::string_view what,
                        const std::vector<privilege>& needed);

}  // namespace chatcost::db
