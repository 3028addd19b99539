#include "migrations/partitioned_index.hpp"

#include <fmt/format.h>

namespace chatcost::db {

namespace {

bool is_name(const sql_token& token) {
    return token.kind == sql_token_kind::word || token.kind == sql_token_kind::quoted_identifier;
}

}  // namespace

std::optional<concurrent_index> parse_concurrent_index(const sql_statement& statement) {
    const auto& t = statement.tokens;
    std::size_t i = 0;
    auto next_is = [&](std::string_view word) {
        if (i < t.size() && t[i].is(word)) return ++i, true;
        return false;
    };
    // A qualified name as written ("a", "s.a", "\"A\""), from token i on.
    auto take_name = [&]() -> std::optional<std::string> {
        if (i >= t.size() || !is_name(t[i])) return std::nullopt;
        std::string name = t[i++].text;
        while (i + 1 < t.size() && t[i].text == "." && is_name(t[i + 1])) name += "." + t[i + 1].text, i += 2;
        return name;
    };
    concurrent_index index;
    if (!next_is("CREATE")) return std::nullopt;
    index.unique = next_is("UNIQUE");
    if (!next_is("INDEX") || !next_is("CONCURRENTLY")) return std::nullopt;
    if (next_is("IF") && !(next_is("NOT") && next_is("EXISTS"))) return std::nullopt;
    if (i < t.size() && t[i].is("ON")) return std::nullopt;  // no name: PostgreSQL would pick one
    auto name = take_name();
    if (!name || !next_is("ON")) return std::nullopt;
    next_is("ONLY");
    auto table = take_name();
    if (!table || i >= t.size()) return std::nullopt;
    index.name = *name;
    index.table = *table;
    index.rest = statement.text.substr(t[i].offset - t[0].offset);
    return index;
}

std::string parent_index_statement(const concurrent_index& index) {
    return fmt::format("CREATE {}INDEX IF NOT EXISTS {} ON ONLY {} {}", index.unique ? "UNIQUE " : "",
                       index.name, index.table, index.rest);
}

std::string partition_index_statement(const concurrent_index& index, const std::string& partition_index,
                                      const std::string& partition, bool partitioned) {
    return fmt::format("CREATE {}INDEX {}IF NOT EXISTS {} ON {} {}", index.unique ? "UNIQUE " : "",
                       partitioned ? "" : "CONCURRENTLY ", partition_index, partition, index.rest);
}

std::string attach_index_statement(const concurrent_index& index, const std::string& partition_index) {
    return fmt::format("ALTER INDEX {} ATTACH PARTITION {}", index.name, partition_index);
}

}  // namespace chatcost::db
