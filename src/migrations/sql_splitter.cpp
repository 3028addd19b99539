#include "migrations/sql_splitter.hpp"

namespace chatcost::db {

sql_split split_sql(std::string_view source) {
    auto lexed = lex_sql(source);
    sql_split split;
    split.error = lexed.error;
    std::vector<sql_token> current;
    auto finish = [&] {
        if (current.empty()) return;
        const auto& first = current.front();
        const auto& last = current.back();
        auto end = last.offset + last.text.size();
        split.statements.push_back(
            {std::string(source.substr(first.offset, end - first.offset)), first.line, std::move(current)});
        current.clear();
    };
    for (auto& token : lexed.tokens) {
        if (token.kind == sql_token_kind::semicolon) {
            finish();
        } else {
            current.push_back(std::move(token));
        }
    }
    // A statement cut short by a lexical error is not a statement: it is the error.
    if (!split.error) finish();
    return split;
}

}  // namespace chatcost::db
