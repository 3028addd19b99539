#include "migrations/migration_plan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "migrations/platform_shape.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

bool is_name(const sql_token& token) {
    return token.kind == sql_token_kind::word || token.kind == sql_token_kind::quoted_identifier;
}

[[noreturn]] void refuse(const std::vector<std::string>& problems, bool any_failed) {
    std::string message = problems.size() == 1
                              ? problems.front()
                              : fmt::format("{} problems with the recorded migrations:", problems.size());
    if (problems.size() > 1) {
        for (const auto& p : problems) message += "\n  " + p;
    }
    std::string hint =
        any_failed ? "fix the cause, then run 'chatcost migrate up --retry-failed' (it drops any INVALID "
                     "index the failed build left and runs the migration again from its first statement), "
                     "or undo it with 'chatcost migrate down --steps 1'"
                   : "restore edited migrations as they were applied and put changes in a new migration; "
                     "number new migrations after the applied ones; a database ahead needs the chatcost "
                     "release that migrated it";
    throw failure(exit_code::schema, message, hint);
}

void check_known(const schema_state& state, std::int64_t version, const char* flag) {
    if (version == 0 && std::string_view(flag) == "--to") return;
    bool known = std::any_of(state.migrations.begin(), state.migrations.end(),
                             [&](const auto& m) { return m.version == version && m.file; });
    if (!known) {
        throw failure(exit_code::usage,
                      fmt::format("{} {}: this chatcost has no migration {:04}", flag, version, version),
                      "'chatcost migrate status' lists the migrations");
    }
}

std::string timeout_text(const lock_policy& policy) {
    return format_duration(policy.lock_timeout);
}

void describe_step(const migration_step& step, const lock_policy& policy, std::vector<plan_line>& out) {
    const auto& script = step.script();
    if (step.direction == migration_direction::adopt) {
        const auto label = step.m->label();
        auto add = [&](plan_line::kind what, std::string sql) {
            out.push_back({what, step.m->version, label, {}, {}, std::move(sql)});
        };
        add(plan_line::kind::note,
            fmt::format("adopt {}: the platform made its objects (checked above); {} is "
                        "not run",
                        label, script.path));
        add(plan_line::kind::begin, "BEGIN");
        add(plan_line::kind::record,
            fmt::format("record {} as adopted in chatcost_schema_migrations (checksum {})", label,
                        step.m->checksum));
        add(plan_line::kind::commit, "COMMIT");
        return;
    }
    const bool up = step.direction == migration_direction::up;
    const auto label = step.m->label();
    auto add = [&](plan_line::kind what, std::string sql, std::optional<int> statement = {},
                   std::optional<int> line = {}) {
        out.push_back({what, step.m->version, label, statement, line, std::move(sql)});
    };
    add(plan_line::kind::note,
        script.transactional
            ? fmt::format(
                  "{} {} ({}): one transaction; retried whole, {} tries in all, when a lock is not granted "
                  "within {}",
                  up ? "apply" : "undo", label, script.path, policy.attempts, timeout_text(policy))
            : fmt::format(
                  "{} {} ({}): no transaction, each statement commits on its own; a statement is retried, "
                  "{} tries in all, when its lock is not granted within {}",
                  up ? "apply" : "undo", label, script.path, policy.attempts, timeout_text(policy)));
    auto record = up ? fmt::format("record {} as applied in chatcost_schema_migrations (checksum {})", label,
                                   step.m->checksum)
                     : fmt::format("remove the row of {} from chatcost_schema_migrations", label);
    if (script.transactional) add(plan_line::kind::begin, "BEGIN");
    if (script.transactional && !up) add(plan_line::kind::record, record);
    int index = 0;
    for (const auto& statement : script.statements) {
        ++index;
        if (auto index_name = concurrent_index_name(statement); !index_name.empty()) {
            add(plan_line::kind::note,
                fmt::format(
                    "if an INVALID index {} is left by an earlier failed build: DROP INDEX CONCURRENTLY IF "
                    "EXISTS {}",
                    index_name, index_name));
        }
        add(plan_line::kind::statement, statement.text, index, statement.line);
    }
    if (script.transactional) {
        if (up) add(plan_line::kind::record, record);
        add(plan_line::kind::commit, "COMMIT");
    } else {
        add(plan_line::kind::record, record);
    }
}

}  // namespace

std::vector<migration_step> plan_up(const schema_state& state, std::optional<std::int64_t> to,
                                    bool retry_failed) {
    if (to) check_known(state, *to, "--to");
    auto problems = state.problems(retry_failed);
    if (!problems.empty()) {
        bool any_failed = std::any_of(state.migrations.begin(), state.migrations.end(),
                                      [](const auto& m) { return m.state == migration_state::failed; });
        refuse(problems, any_failed && !retry_failed);
    }
    std::vector<migration_step> steps;
    for (const auto& m : state.migrations) {
        if (to && m.version > *to) break;
        bool due =
            m.state == migration_state::pending || (retry_failed && m.state == migration_state::failed);
        if (due) steps.push_back({m.file, migration_direction::up});
    }
    return steps;
}

std::vector<migration_step> plan_down(const schema_state& state, std::optional<std::int64_t> to,
                                      std::optional<int> steps) {
    if (to) check_known(state, *to, "--to");
    if (steps && *steps < 1) {
        throw failure(exit_code::usage, fmt::format("--steps {}: give 1 or more", *steps));
    }
    std::vector<const migration_status*> recorded;
    for (auto it = state.migrations.rbegin(); it != state.migrations.rend(); ++it) {
        if (!it->record) continue;
        if (to && it->version <= *to) break;
        if (steps && int(recorded.size()) == *steps) break;
        recorded.push_back(&*it);
    }
    std::vector<std::string> problems;
    const bool any_adopted = std::any_of(state.migrations.begin(), state.migrations.end(),
                                         [](const auto& m) { return m.state == migration_state::adopted; });
    for (const auto* m : recorded) {
        if (m->state == migration_state::unknown) {
            problems.push_back(
                fmt::format("cannot undo {}: the database is ahead of this chatcost, which has no down "
                            "migration for it",
                            m->label()));
        } else if (m->state == migration_state::adopted) {
            problems.push_back(
                fmt::format("cannot undo {}: it was adopted, its objects are the platform's and chatcost "
                            "never drops them ('migrate down --to {}' undoes chatcost's own above it)",
                            m->label(), m->version));
        } else if (m->version == adoption_migration && any_adopted) {
            problems.push_back(fmt::format(
                "cannot undo {}: migrations are recorded as adopted, and the bookkeeping needs it "
                "to say so",
                m->label()));
        } else if (m->state == migration_state::changed) {
            problems.push_back(
                fmt::format("cannot undo {}: it was edited after it was applied (checksum {} in the "
                            "database, {} in {}), so its down migration may not match",
                            m->label(), m->record->checksum, m->file->checksum, m->file->up.path));
        }
    }
    if (!problems.empty()) refuse(problems, false);
    std::vector<migration_step> plan;
    for (const auto* m : recorded) plan.push_back({m->file, migration_direction::down});
    return plan;
}

std::string_view to_string(plan_line::kind what) {
    switch (what) {
        case plan_line::kind::setting:
            return "setting";
        case plan_line::kind::begin:
            return "begin";
        case plan_line::kind::statement:
            return "statement";
        case plan_line::kind::record:
            return "record";
        case plan_line::kind::commit:
            return "commit";
        case plan_line::kind::note:
            return "note";
    }
    return "note";
}

std::vector<plan_line> describe_plan(const std::vector<migration_step>& steps, const lock_policy& policy,
                                     bool takes_lock) {
    std::vector<plan_line> lines;
    if (takes_lock) {
        lines.push_back(
            {plan_line::kind::note,
             {},
             "",
             {},
             {},
             "a real run first takes the migration advisory lock on a connection of its own (a dry run "
             "does not)"});
    }
    lines.push_back(
        {plan_line::kind::setting,
         {},
         "",
         {},
         {},
         fmt::format("SET lock_timeout = '{}'", policy.lock_timeout.count() == 0
                                                    ? std::string("0")
                                                    : fmt::format("{}ms", policy.lock_timeout.count()))});
    lines.push_back({plan_line::kind::setting, {}, "", {}, {}, "SET statement_timeout = 0"});
    for (const auto& step : steps) describe_step(step, policy, lines);
    if (steps.empty()) lines.push_back({plan_line::kind::note, {}, "", {}, {}, "nothing to do"});
    return lines;
}

std::vector<std::string> plan_script(const std::vector<plan_line>& lines) {
    std::vector<std::string> script;
    std::optional<std::int64_t> migration;
    for (const auto& line : lines) {
        bool sql = line.what != plan_line::kind::note && line.what != plan_line::kind::record;
        if (line.version && line.version != migration) script.push_back("");  // each migration its paragraph
        migration = line.version;
        std::string text = sql ? line.sql + ";" : "-- " + line.sql;
        if (line.statement)
            text = fmt::format("-- statement {} (line {})\n{}", *line.statement, *line.line, text);
        // One script line per text line, tabs as spaces: tables escape control characters.
        std::size_t start = 0;
        while (start <= text.size()) {
            auto end = std::min(text.find('\n', start), text.size());
            auto piece = text.substr(start, end - start);
            if (!piece.empty() && piece.back() == '\r') piece.pop_back();
            std::replace(piece.begin(), piece.end(), '\t', ' ');
            script.push_back(std::move(piece));
            start = end + 1;
        }
    }
    return script;
}

std::string concurrent_index_name(const sql_statement& statement) {
    const auto& t = statement.tokens;
    std::size_t i = 0;
    auto next_is = [&](std::string_view word) {
        if (i < t.size() && t[i].is(word)) return ++i, true;
        return false;
    };
    if (!next_is("CREATE")) return "";
    next_is("UNIQUE");
    if (!next_is("INDEX") || !next_is("CONCURRENTLY")) return "";
    if (next_is("IF") && !(next_is("NOT") && next_is("EXISTS"))) return "";
    if (i >= t.size() || !is_name(t[i]) || t[i].is("ON")) return "";  // no name: PostgreSQL picks one
    std::string name = t[i++].text;
    while (i + 1 < t.size() && t[i].text == "." && is_name(t[i + 1])) name += "." + t[i + 1].text, i += 2;
    return name;
}

}  // namespace chatcost::db
