#include "migrations/query_portability.hpp"

#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "migrations/sql_splitter.hpp"

namespace chatcost::db {

namespace {

// Words that a "(" may follow without being a function call.
constexpr std::string_view keywords_before_parenthesis[] = {
    "all",   "and",    "any",      "array",     "as",        "between",  "by",     "case",   "cast",
    "do",    "else",   "exists",   "filter",    "from",      "in",       "into",   "is",     "join",
    "like",  "not",    "on",       "or",        "over",      "row",      "select", "set",    "some",
    "then",  "union",  "using",    "values",    "when",      "where",    "with",   "within", "lateral",
    "ilike", "except", "distinct", "intersect", "returning", "conflict", "update", "limit",  "offset"};

// SQL value functions written without parentheses: STABLE.
constexpr std::string_view value_functions[] = {
    "current_timestamp", "current_date",   "current_time", "localtime",
    "localtimestamp",    "current_user",   "session_user", "current_role",
    "current_catalog",   "current_schema", "user"};

bool one_of(const std::string& word, std::span<const std::string_view> words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

bool is_name(const sql_token& token) {
    return token.kind == sql_token_kind::word || token.kind == sql_token_kind::quoted_identifier;
}

bool opens(const sql_token& token) {
    return token.kind == sql_token_kind::symbol && token.text == "(";
}

bool closes(const sql_token& token) {
    return token.kind == sql_token_kind::symbol && token.text == ")";
}

class checker {
public:
    checker(std::string path, const sql_statement& statement, std::vector<lint_finding>& findings)
        : path_(std::move(path)), t_(statement.tokens), findings_(findings) {}

    void run() {
        for (std::size_t i = 0; i < t_.size(); ++i) {
            bool verb_position = i == 0 || opens(t_[i - 1]) || closes(t_[i - 1]);
            if (!verb_position) continue;
            if (t_[i].is("UPDATE")) check_update(i);
            if (t_[i].is("INSERT")) check_insert(i);
        }
    }

private:
    // The table named at `i` (ONLY skipped, schema-qualified names by their last part).
    std::string table_at(std::size_t i) const {
        if (i < t_.size() && t_[i].is("ONLY")) ++i;
        if (i >= t_.size() || !is_name(t_[i])) return "";
        std::string name = t_[i].name();
        while (i + 2 < t_.size() && t_[i + 1].text == "." && is_name(t_[i + 2]))
            name = t_[i + 2].name(), i += 2;
        return name;
    }

    // One past the last token of the clause that starts at `start`: where its depth ends, or at a
    // RETURNING of its own depth.
    std::size_t clause_end(std::size_t start) const {
        int depth = 0;
        for (std::size_t i = start; i < t_.size(); ++i) {
            if (opens(t_[i])) ++depth;
            if (closes(t_[i]) && --depth < 0) return i;
            if (depth == 0 && t_[i].is("RETURNING")) return i;
        }
        return t_.size();
    }

    void check_update(std::size_t verb) {
        auto table = table_at(verb + 1);
        if (table.empty() || local(table)) return;
        check_region(verb + 1, clause_end(verb), fmt::format("an UPDATE of {}", table), table);
    }

    void check_insert(std::size_t verb) {
        if (verb + 1 >= t_.size() || !t_[verb + 1].is("INTO")) return;
        auto table = table_at(verb + 2);
        if (table.empty() || local(table)) return;
        auto end = clause_end(verb);
        int depth = 0;
        for (std::size_t i = verb; i + 1 < end; ++i) {
            if (opens(t_[i])) ++depth;
            if (closes(t_[i])) --depth;
            if (depth == 0 && t_[i].is("DO") && t_[i + 1].is("UPDATE")) {
                check_region(i + 2, end, fmt::format("the DO UPDATE of an INSERT into {}", table), table);
                return;
            }
        }
    }

    static bool local(const std::string& table) {
        const auto& tables = coordinator_local_tables();
        return std::find(tables.begin(), tables.end(), table) != tables.end();
    }

    void check_region(std::size_t begin, std::size_t end, const std::string& where,
                      const std::string& table) {
        const auto& immutable = immutable_functions();
        for (std::size_t i = begin; i < end; ++i) {
            const auto& token = t_[i];
            if (token.kind != sql_token_kind::word && token.kind != sql_token_kind::quoted_identifier)
                continue;
            bool after_cast = i > 0 && t_[i - 1].text == "::";
            bool qualified = i > 0 && t_[i - 1].text == ".";  // a column or a schema-qualified name
            auto name = token.name();
            if (token.kind == sql_token_kind::word && !qualified && !after_cast) {
                if (one_of(name, value_functions)) {
                    add(token, fmt::format("{} in {}", name, where), table);
                    continue;
                }
                if (token.is("DEFAULT")) {
                    add(token, fmt::format("DEFAULT (the column default may call one) in {}", where), table);
                    continue;
                }
            }
            if (after_cast || i + 1 >= end || !opens(t_[i + 1])) continue;
            // An alias with its column names: unnest(...) AS b(id, cost), or without AS after ")".
            if (i > 0 && (t_[i - 1].is("AS") || closes(t_[i - 1]))) continue;
            if (token.kind == sql_token_kind::word && one_of(name, keywords_before_parenthesis)) continue;
            if (std::find(immutable.begin(), immutable.end(), name) != immutable.end()) continue;
            add(token, fmt::format("{}() in {}", name, where), table);
        }
    }

    void add(const sql_token& token, const std::string& what, const std::string& table) {
        findings_.push_back(
            {path_, token.line, std::string(nonimmutable_write_rule),
             fmt::format(
                 "{}: not a known IMMUTABLE function, which Citus refuses there when {} is distributed "
                 "or a reference table; pass the value (a time: as a parameter) instead",
                 what, table)});
    }

    std::string path_;
    const std::vector<sql_token>& t_;
    std::vector<lint_finding>& findings_;
};

}  // namespace

const std::vector<std::string>& coordinator_local_tables() {
    static const std::vector<std::string> tables{"chatcost_schema_migrations", "chatcost_backfill_runs",
                                                 "chatcost_backfill_run_models",
                                                 "chatcost_backfill_run_problems"};
    return tables;
}

const std::vector<std::string>& immutable_functions() {
    static const std::vector<std::string> names{"abs",
                                                "array_agg",
                                                "array_length",
                                                "array_position",
                                                "avg",
                                                "bool_and",
                                                "bool_or",
                                                "btrim",
                                                "cardinality",
                                                "ceil",
                                                "ceiling",
                                                "char_length",
                                                "coalesce",
                                                "count",
                                                "div",
                                                "floor",
                                                "greatest",
                                                "jsonb_extract_path",
                                                "jsonb_extract_path_text",
                                                "jsonb_typeof",
                                                "least",
                                                "left",
                                                "lower",
                                                "ltrim",
                                                "max",
                                                "md5",
                                                "min",
                                                "mod",
                                                "nullif",
                                                "octet_length",
                                                "position",
                                                "power",
                                                "replace",
                                                "right",
                                                "round",
                                                "rtrim",
                                                "sign",
                                                "split_part",
                                                "sqrt",
                                                "string_agg",
                                                "strpos",
                                                "substr",
                                                "substring",
                                                "sum",
                                                "trunc",
                                                "unnest",
                                                "upper"};
    return names;
}

std::vector<lint_finding> check_query_portability(const std::string& path, std::string_view text) {
    std::vector<lint_finding> findings;
    auto split = split_sql(text);
    if (split.error) findings.push_back({path, split.error->line, "syntax", split.error->message});
    for (const auto& statement : split.statements) checker(path, statement, findings).run();
    std::stable_sort(findings.begin(), findings.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    return findings;
}

}  // namespace chatcost::db
