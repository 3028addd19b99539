#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "migrations/sql_lexer.hpp"

using namespace chatcost::db;

namespace {

std::vector<std::string> texts(std::string_view sql) {
    auto lexed = lex_sql(sql);
    REQUIRE_FALSE(lexed.error.has_value());
    std::vector<std::string> out;
    for (const auto& token : lexed.tokens) out.push_back(token.text);
    return out;
}

using list = std::vector<std::string>;

}  // namespace

TEST_CASE("lexer: words, symbols, numbers, parameters; comments skipped") {
    CHECK(texts("SELECT a::bigint, 1.5e3 FROM t WHERE x >= $1 -- no ; here\n/* nor ; /* here */ */;") ==
          list{"SELECT", "a", "::", "bigint", ",", "1.5e3", "FROM", "t", "WHERE", "x", ">", "=", "$1", ";"});
    CHECK(texts("a$b $ x") == list{"a$b", "$", "x"});
}

TEST_CASE("lexer: string constants of every kind are one token") {
    CHECK(texts("'it''s; fine'") == list{"'it''s; fine'"});
    CHECK(texts(R"(E'a\'b;c' e'\\')") == list{R"(E'a\'b;c')", R"(e'\\')"});
    CHECK(texts(R"('back\' x)") == list{R"('back\')", "x"});  // standard strings keep backslashes
    CHECK(texts("B'101' X'ff' N'n' U&'d\\0061t'") == list{"B'101'", "X'ff'", "N'n'", "U&'d\\0061t'"});
    CHECK(texts("$$ a; 'b' $$") == list{"$$ a; 'b' $$"});
    CHECK(texts("$fn$ x $$ y; $fn$ z") == list{"$fn$ x $$ y; $fn$", "z"});
    CHECK(texts("\"odd \"\"name\"\";\" U&\"x\"") == list{"\"odd \"\"name\"\";\"", "U&\"x\""});
}

TEST_CASE("lexer: lines are 1-based and count newlines inside tokens and comments") {
    auto lexed = lex_sql("a\n'x\ny'\n/* c\n */ b -- d\n\nc");
    REQUIRE(lexed.tokens.size() == 4);
    CHECK(lexed.tokens[0].line == 1);
    CHECK(lexed.tokens[1].line == 2);
    CHECK(lexed.tokens[2].line == 5);
    CHECK(lexed.tokens[2].offset == 17);
    CHECK(lexed.tokens[3].line == 7);
}

TEST_CASE("lexer: unterminated constructs are errors with their line") {
    auto string = lex_sql("SELECT 1;\nSELECT 'oops");
    REQUIRE(string.error.has_value());
    CHECK(string.error->line == 2);
    CHECK(string.error->message == "unterminated quoted string");
    CHECK(lex_sql("/* /* */").error->message == "unterminated /* comment");
    CHECK(lex_sql("\"abc").error->message == "unterminated quoted identifier");
    CHECK(lex_sql("$x$ abc $y$").error->message == "unterminated dollar-quoted string $x$");
}

TEST_CASE("lexer: is() ignores case; name() unquotes") {
    auto lexed = lex_sql("Create \"Mixed\"\"Case\" plain");
    CHECK(lexed.tokens[0].is("CREATE"));
    CHECK_FALSE(lexed.tokens[1].is("mixed"));
    CHECK(lexed.tokens[1].name() == "Mixed\"Case");
    CHECK(lexed.tokens[2].name() == "plain");
    CHECK(lex_sql("PLAIN").tokens[0].name() == "plain");
}
