#include "migrations/migration_lint.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "migrations/migration_catalog.hpp"
#include "migrations/sql_splitter.hpp"

namespace chatcost::db {

namespace {

using tokens = std::vector<sql_token>;

constexpr std::string_view allow_marker = "chatcost:lint-allow";

bool is_name(const sql_token& t) {
    return t.kind == sql_token_kind::word || t.kind == sql_token_kind::quoted_identifier;
}

bool word_in(const sql_token& t, std::initializer_list<std::string_view> words) {
    return std::any_of(words.begin(), words.end(), [&](auto w) { return t.is(w); });
}

// A possibly qualified name from t[i]; `name` is its last part (unquoted, lower-cased when
// unquoted), as tables are compared by it. `next` is the index after it.
struct name_at {
    std::string name;
    std::size_t next = 0;
};

std::optional<name_at> read_name(const tokens& t, std::size_t i) {
    if (i >= t.size() || !is_name(t[i])) return std::nullopt;
    name_at result{t[i].name(), i + 1};
    while (result.next + 1 < t.size() && t[result.next].text == "." && is_name(t[result.next + 1])) {
        result.name = t[result.next + 1].name();
        result.next += 2;
    }
    return result;
}

// Skips the keywords in order when they are there; true when all were.
bool skip(const tokens& t, std::size_t& i, std::initializer_list<std::string_view> words) {
    std::size_t j = i;
    for (auto w : words) {
        if (j >= t.size() || !t[j].is(w)) return false;
        ++j;
    }
    i = j;
    return true;
}

// A data change found in a statement: its verb, table and the line of the verb.
struct dml {
    std::string verb;
    std::string table;
    int line;
};

std::vector<dml> find_dml(const tokens& t) {
    std::vector<dml> found;
    for (std::size_t i = 0; i < t.size(); ++i) {
        std::size_t j = i + 1;
        if ((t[i].is("INSERT") || t[i].is("MERGE")) && skip(t, j, {"INTO"})) {
            if (auto n = read_name(t, j))
                found.push_back({t[i].is("INSERT") ? "INSERT" : "MERGE", n->name, t[i].line});
        } else if (t[i].is("DELETE") && skip(t, j, {"FROM"})) {
            skip(t, j, {"ONLY"});
            if (auto n = read_name(t, j)) found.push_back({"DELETE", n->name, t[i].line});
        } else if (t[i].is("UPDATE") &&
                   !(i > 0 && word_in(t[i - 1], {"ON", "FOR", "KEY", "OR", "OF", "BEFORE", "AFTER", "GRANT",
                                                 "REVOKE"}))) {
            skip(t, j, {"ONLY"});
            auto n = read_name(t, j);
            if (!n) continue;
            std::size_t k = n->next;
            skip(t, k, {"AS"});
            if (k < t.size() && is_name(t[k]) && !t[k].is("SET")) ++k;  // an alias
            if (k < t.size() && t[k].is("SET")) found.push_back({"UPDATE", n->name, t[i].line});
        } else if (i == 0 && t[i].is("COPY")) {
            auto n = read_name(t, j);
            bool from = std::any_of(t.begin(), t.end(), [](const auto& x) { return x.is("FROM"); });
            if (n && from) found.push_back({"COPY", n->name, t[i].line});
        }
    }
    return found;
}

class linter {
public:
    linter(std::string path, std::string_view text)
        : path_(std::move(path)), text_(text), transactional_(!has_no_transaction_marker(text)) {}

    std::vector<lint_finding> run() {
        auto split = split_sql(text_);
        for (const auto& statement : split.statements) check(statement.tokens);
        if (split.error) add(split.error->line, "syntax", split.error->message);
        std::erase_if(findings_, [&](const auto& f) { return allowed(f); });
        std::stable_sort(findings_.begin(), findings_.end(),
                         [](const auto& a, const auto& b) { return a.line < b.line; });
        return std::move(findings_);
    }

private:
    void add(int line, std::string rule, std::string message) {
        findings_.push_back({path_, line, std::move(rule), std::move(message)});
    }

    bool existing(const std::string& table) const { return !created_tables_.contains(table); }

    void check(const tokens& t) {
        if (t.empty()) return;
        check_concurrently(t);
        check_integer_types(t);
        std::size_t i = 1;
        if (t[0].is("CREATE")) {
            std::size_t j = 1;
            skip(t, j, {"UNIQUE"});
            if (skip(t, j, {"INDEX"})) return create_index(t, j);
            while (j < t.size() && word_in(t[j], {"GLOBAL", "LOCAL", "TEMPORARY", "TEMP", "UNLOGGED"})) ++j;
            if (skip(t, j, {"TABLE"})) {
                skip(t, j, {"IF", "NOT", "EXISTS"});
                if (auto n = read_name(t, j)) created_tables_.insert(n->name);
            }
            if (skip(t, j, {"TRIGGER"})) note_trigger_table(t);
        } else if (t[0].is("DROP") && skip(t, i, {"INDEX"})) {
            drop_index(t, i);
        } else if (t[0].is("ALTER") && skip(t, i, {"TABLE"})) {
            alter_table(t, i);
        }
        for (const auto& change : find_dml(t)) {
            if (change.verb == "UPDATE" || change.verb == "DELETE") {
                add(change.line, "update-or-delete",
                    fmt::format(
                        "{} in a migration: it holds its row locks until the migration ends and cannot "
                        "resume; change existing rows in batches outside migrations (as chatcost backfill "
                        "does)",
                        change.verb));
            }
            note_table_use(change.table, change.verb, change.line, false);
        }
    }

    void check_concurrently(const tokens& t) {
        if (!transactional_ || t[0].is("REFRESH")) return;  // REFRESH ... CONCURRENTLY may run in one
        for (const auto& token : t) {
            if (token.is("CONCURRENTLY")) {
                add(token.line, "concurrently-in-transaction",
                    fmt::format(
                        "CONCURRENTLY cannot run inside a transaction: make '{}' the first line of the file",
                        no_transaction_marker));
            }
        }
    }

    void check_integer_types(const tokens& t) {
        bool table_ddl = (t[0].is("CREATE") || t[0].is("ALTER")) &&
                         std::any_of(t.begin(), t.begin() + std::min<std::size_t>(t.size(), 6),
                                     [](const auto& x) { return x.is("TABLE"); });
        if (!table_ddl) return;
        for (std::size_t i = 1; i < t.size(); ++i) {
            if (!word_in(t[i], {"INT", "INTEGER", "INT4", "INT2", "SMALLINT", "SERIAL", "SERIAL4",
                                "SMALLSERIAL", "SERIAL2"})) {
                continue;
            }
            if (t[i - 1].text == "::" || t[i - 1].is("AS")) continue;  // a cast, not a column type
            add(t[i].line, "int-not-bigint",
                fmt::format(
                    "column type {}: use bigint (or bigserial); ids, token counts and money outgrow 32 bits, "
                    "and changing the type later rewrites the table",
                    t[i].name()));
        }
    }

    void create_index(const tokens& t, std::size_t i) {
        bool concurrently = skip(t, i, {"CONCURRENTLY"});
        bool if_not_exists = skip(t, i, {"IF", "NOT", "EXISTS"});
        std::string index;
        if (i < t.size() && !t[i].is("ON")) {
            if (auto n = read_name(t, i)) index = n->name, i = n->next;
        }
        if (!skip(t, i, {"ON"})) return;
        skip(t, i, {"ONLY"});
        auto table = read_name(t, i);
        if (!table) return;
        if (!index.empty()) created_indexes_.insert(index);
        int line = t[0].line;
        if (!concurrently && existing(table->name)) {
            add(line, "index-without-concurrently",
                fmt::format(
                    "CREATE INDEX on existing table {} without CONCURRENTLY blocks its writes for the whole "
                    "build; use CREATE INDEX CONCURRENTLY in a no-transaction migration",
                    table->name));
        }
        if (!if_not_exists) {
            add(line, "missing-if-exists",
                "CREATE INDEX without IF NOT EXISTS: a re-run after a partial failure would stop here");
        }
        note_table_use(table->name, "CREATE INDEX", line, true);
    }

    void drop_index(const tokens& t, std::size_t i) {
        bool concurrently = skip(t, i, {"CONCURRENTLY"});
        bool if_exists = skip(t, i, {"IF", "EXISTS"});
        auto index = read_name(t, i);
        int line = t[0].line;
        if (!concurrently && !(index && created_indexes_.contains(index->name))) {
            add(line, "index-without-concurrently",
                "DROP INDEX without CONCURRENTLY locks its table against reads and writes until it is done; "
                "use "
                "DROP INDEX CONCURRENTLY in a no-transaction migration");
        }
        if (!if_exists) {
            add(line, "missing-if-exists",
                "DROP INDEX without IF EXISTS: a re-run after a partial failure would "
                "stop here");
        }
    }

    void alter_table(const tokens& t, std::size_t i) {
        skip(t, i, {"IF", "EXISTS"});
        skip(t, i, {"ONLY"});
        auto table = read_name(t, i);
        if (!table) return;
        i = table->next;
        if (i < t.size() && t[i].text == "*") ++i;
        note_table_use(table->name, "ALTER TABLE", t[0].line, true);
        // The actions, separated by commas outside parentheses.
        int depth = 0;
        std::size_t start = i;
        for (std::size_t j = i; j <= t.size(); ++j) {
            if (j == t.size() || (depth == 0 && t[j].text == ",")) {
                alter_action(t, start, j, table->name);
                start = j + 1;
            } else if (t[j].text == "(") {
                ++depth;
            } else if (t[j].text == ")") {
                --depth;
            }
        }
    }

    void alter_action(const tokens& t, std::size_t i, std::size_t end, const std::string& table) {
        if (i >= end) return;
        const auto& verb = t[i];
        std::size_t j = i + 1;
        bool column_keyword = skip(t, j, {"COLUMN"});
        if (verb.is("ADD")) {
            if (!column_keyword && j < end &&
                word_in(t[j], {"CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN", "EXCLUDE"})) {
                return;
            }
            if (!skip(t, j, {"IF", "NOT", "EXISTS"})) {
                add(verb.line, "missing-if-exists",
                    "ADD COLUMN without IF NOT EXISTS: a re-run after a partial failure would stop here");
            }
            if (existing(table)) check_added_column(t, j, end, table);
        } else if (verb.is("DROP")) {
            if (!column_keyword && j < end && t[j].is("CONSTRAINT")) return;
            if (!skip(t, j, {"IF", "EXISTS"})) {
                add(verb.line, "missing-if-exists",
                    "DROP COLUMN without IF EXISTS: a re-run after a partial failure would stop here");
            }
        }
    }

    // ADD COLUMN name type ...: a value computed per row makes PostgreSQL rewrite the table.
    void check_added_column(const tokens& t, std::size_t i, std::size_t end, const std::string& table) {
        auto column = read_name(t, i);
        if (!column) return;
        std::string why;
        bool after_default = false;
        for (std::size_t j = column->next; j < end && why.empty(); ++j) {
            if (j == column->next &&
                word_in(t[j], {"SERIAL", "BIGSERIAL", "SMALLSERIAL", "SERIAL2", "SERIAL4", "SERIAL8"})) {
                why = fmt::format("a {} type (its default is nextval())", t[j].name());
            } else if (t[j].is("IDENTITY")) {
                why = "an identity";
            } else if (t[j].is("DEFAULT")) {
                after_default = true;
            } else if (after_default && j + 1 < end && t[j + 1].text == "(" &&
                       word_in(t[j],
                               {"random", "random_normal", "gen_random_uuid", "gen_random_bytes",
                                "uuid_generate_v1", "uuid_generate_v1mc", "uuid_generate_v4",
                                "clock_timestamp", "timeofday", "nextval", "txid_current", "setseed"})) {
                why = fmt::format("a volatile default ({}())", t[j].name());
            }
        }
        if (!why.empty()) {
            add(t[i].line, "volatile-default",
                fmt::format(
                    "adding column {} with {} rewrites all of {} under an ACCESS EXCLUSIVE lock; add it "
                    "without a default, fill it in batches, then SET DEFAULT",
                    column->name, why, table));
        }
    }

    // CREATE TRIGGER ... ON table: DDL on that table.
    void note_trigger_table(const tokens& t) {
        for (std::size_t i = 0; i + 1 < t.size(); ++i) {
            if (t[i].is("ON")) {
                if (auto n = read_name(t, i + 1)) note_table_use(n->name, "CREATE TRIGGER", t[0].line, true);
                return;
            }
        }
    }

    // DDL and DML on one existing table in one transaction: one finding per table.
    void note_table_use(const std::string& table, const std::string& verb, int line, bool ddl) {
        if (!transactional_ || !existing(table) || reported_tables_.contains(table)) return;
        auto& mine = ddl ? ddl_uses_ : dml_uses_;
        auto& other = ddl ? dml_uses_ : ddl_uses_;
        mine.try_emplace(table, use{verb, line});
        auto it = other.find(table);
        if (it == other.end()) return;
        reported_tables_.insert(table);
        add(line, "ddl-and-dml-same-table",
            fmt::format(
                "{} on {} in the same transaction as {} on it (line {}): the DDL's lock is held while the "
                "rows are written; put them in separate migrations, and the data change outside migrations",
                verb, table, it->second.verb, it->second.line));
    }

    // A comment "chatcost:lint-allow RULE" on the finding's line or the line above.
    bool allowed(const lint_finding& finding) const {
        for (int line : {finding.line, finding.line - 1}) {
            auto text = line_text(line);
            auto at = text.find(allow_marker);
            if (at == std::string_view::npos) continue;
            auto rest = text.substr(at + allow_marker.size());
            auto found = rest.find(finding.rule);
            if (found != std::string_view::npos) {
                auto after = found + finding.rule.size();
                bool whole = after == rest.size() ||
                             !(std::isalnum(static_cast<unsigned char>(rest[after])) || rest[after] == '-');
                if (whole) return true;
            }
        }
        return false;
    }

    std::string_view line_text(int line) const {
        if (line < 1) return {};
        std::size_t start = 0;
        for (int n = 1; n < line; ++n) {
            start = text_.find('\n', start);
            if (start == std::string_view::npos) return {};
            ++start;
        }
        return text_.substr(start, text_.find('\n', start) - start);
    }

    struct use {
        std::string verb;
        int line;
    };

    std::string path_;
    std::string_view text_;
    bool transactional_;
    std::set<std::string> created_tables_;
    std::set<std::string> created_indexes_;
    std::map<std::string, use> ddl_uses_;
    std::map<std::string, use> dml_uses_;
    std::set<std::string> reported_tables_;
    std::vector<lint_finding> findings_;
};

}  // namespace

std::vector<lint_finding> lint_migration(const std::string& path, std::string_view text) {
    return linter(path, text).run();
}

std::string format_finding(const lint_finding& finding) {
    return fmt::format("{}:{}: {}: {}", finding.file, finding.line, finding.rule, finding.message);
}

}  // namespace chatcost::db
