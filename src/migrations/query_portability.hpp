#pragma once
// Statements that a distributed PostgreSQL (Citus) can run unchanged: a platform may distribute
// chat_messages and chats or make users, chat_model_configs and ai_model_prices reference
// tables (docs/scaling.md, "Citus"). Citus refuses a function that is not IMMUTABLE in the DO
// UPDATE SET of an INSERT ... ON CONFLICT, and a STABLE one called with column references in an
// UPDATE, on such tables; times come in as parameters instead. Pure: file text in, findings out.
//
// The rule (id "nonimmutable-in-distributed-write"), for every statement of a file, CTEs included:
//   * a write is an INSERT or UPDATE at the start of a statement or right after "(" or ")" (a
//     CTE), into any table but chatcost's coordinator-local bookkeeping
//     (coordinator_local_tables below: Citus leaves them as plain tables);
//   * checked are, for an UPDATE, everything from UPDATE to its end (SET, FROM, WHERE), and for
//     an INSERT, everything from its ON CONFLICT ... DO UPDATE to its end (SET and its WHERE),
//     both up to a RETURNING at the same depth;
//   * a finding is a call name(...) whose name is not in immutable_functions below (words after
//     "::" are types, a name after AS or ")" is an alias with its column names, and keywords
//     followed by "(" such as IN, EXISTS, VALUES, ARRAY, ROW, CAST are no calls), a
//     parameterless SQL value function such as current_timestamp, or DEFAULT.
// Not checked: the volatility of casts and operators, and the DEFAULT of a column an INSERT
// leaves out (Citus evaluates those on the coordinator).

#include <string>
#include <string_view>
#include <vector>

#include "migrations/migration_lint.hpp"

namespace chatcost::db {

inline constexpr std::string_view nonimmutable_write_rule = "nonimmutable-in-distributed-write";

// Tables of chatcost's own run bookkeeping, which stay plain tables on a Citus coordinator.
const std::vector<std::string>& coordinator_local_tables();

// Functions that are IMMUTABLE in every overload (pg_proc.provolatile = 'i' in PostgreSQL 15),
// plus the expressions coalesce, nullif, greatest and least.
const std::vector<std::string>& immutable_functions();

// The findings of one query file, in line order; `path` names it in them (format_finding prints
// "file:line: rule-id: message").
std::vector<lint_finding> check_query_portability(const std::string& path, std::string_view text);

}  // namespace chatcost::db
