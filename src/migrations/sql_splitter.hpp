#pragma once
// Splits a SQL file into its statements at the semicolons that the lexer (sql_lexer.hpp)
// finds outside quotes, dollar quotes and comments. Each statement keeps its exact text, its
// 1-based line and its tokens: migrations run them one by one (statement indexes in errors,
// per-statement lock retries), and the linter reads the tokens. Pure: no I/O.
//
// Not handled: SQL-standard function bodies (BEGIN ATOMIC ... END) whose inner semicolons
// are not quoted; write such functions with a dollar-quoted body.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrations/sql_lexer.hpp"

namespace chatcost::db {

struct sql_statement {
    std::string text;  // from its first token to its last, as written, without the ';'
    int line = 1;      // 1-based line of its first token
    std::vector<sql_token> tokens;
};

struct sql_split {
    std::vector<sql_statement> statements;  // empty statements (";;", comments only) are dropped
    std::optional<sql_lex_error> error;     // statements stop before the one it spoils
};

sql_split split_sql(std::string_view source);

}  // namespace chatcost::db
