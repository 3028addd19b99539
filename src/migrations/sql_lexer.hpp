#pragma once
// PostgreSQL's lexical structure, as far as chatcost needs it to split migration files into
// statements and to lint them: words, quoted identifiers, string constants (standard,
// E'...' with backslash escapes, B/X/N/U& prefixes, $tag$ dollar quoting), numbers, $n
// parameters and symbols; -- and nested /* */ comments are skipped. Pure: no I/O.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chatcost::db {

enum class sql_token_kind { word, quoted_identifier, string, number, parameter, symbol, semicolon };

struct sql_token {
    sql_token_kind kind;
    std::string text;        // exactly as written, quotes included ("::" is one symbol)
    std::size_t offset = 0;  // byte offset of its first character in the source
    int line = 1;            // 1-based line of its first character

    // A word equal to `keyword`, ignoring ASCII case ("index" is("INDEX")).
    bool is(std::string_view keyword) const;
    // The name it stands for: a word lower-cased, a quoted identifier unquoted; else its text.
    std::string name() const;
};

struct sql_lex_error {
    int line = 1;
    std::string message;  // "unterminated quoted string"
};

struct sql_lex_result {
    std::vector<sql_token> tokens;
    std::optional<sql_lex_error> error;  // the tokens stop where the error starts
};

sql_lex_result lex_sql(std::string_view source);

}  // namespace chatcost::db
