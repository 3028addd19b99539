// chatcost migrate up|down|status|verify|lint: the schema, from the migrations compiled in.
// The logic lives in db/ (migration_catalog, schema_state, migration_plan, migration_runner,
// advisory_lock, migration_verify, migration_lint); this file binds flags and builds reports.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cmd/command.hpp"
#include "migrations/migration_lint.hpp"
#include "migrations/migration_verify.hpp"
#include "migrations/migrator.hpp"
#include "util/duration.hpp"

namespace chatcost::commands {

namespace {

using output::value;

struct migrate_options {
    std::optional<std::int64_t> to;
    std::optional<int> steps;
    bool dry_run = false;
    bool retry_failed = false;
    bool check = false;
    std::string wait_lock = "0";
    std::string lock_timeout = "5s";
    int lock_retries = 4;
    std::string migrations_dir;
    std::vector<std::string> files;
};

db::migration_catalog catalog_of(const migrate_options& o) {
    return o.migrations_dir.empty() ? db::embedded_migrations()
                                    : db::migrations_from_directory(o.migrations_dir);
}

db::lock_policy policy_of(const migrate_options& o) {
    return {parse_duration(o.lock_timeout), o.lock_retries + 1, {}};
}

value step_rows(const std::vector<db::step_result>& results) {
    auto rows = value::rows({"version", "name", "transaction", "duration_ms", "attempts"});
    for (const auto& r : results) {
        rows.append(value::object({{"version", value::integer(r.step.m->version)},
                                   {"name", value::text(r.step.m->name)},
                                   {"transaction", value::boolean(r.step.script().transactional)},
                                   {"duration_ms", value::integer(r.duration_ms)},
                                   {"attempts", value::count(r.attempts)}}));
    }
    return rows;
}

value plan_report(context& ctx, const std::vector<db::migration_step>& steps, const db::lock_policy& policy) {
    auto lines = db::describe_plan(steps, policy, true);
    if (ctx.format == output::format::table) {
        auto script = value::array();
        for (auto& line : db::plan_script(lines)) script.append(value::text(std::move(line)));
        return script;
    }
    auto rows = value::rows({"version", "migration", "kind", "statement", "line", "sql"});
    for (const auto& l : lines) {
        rows.append(value::object({{"version", value::integer(l.version)},
                                   {"migration", value::text(l.migration)},
                                   {"kind", value::text(db::to_string(l.what))},
                                   {"statement", value::integer(l.statement)},
                                   {"line", value::integer(l.line)},
                                   {"sql", value::text(l.sql)}}));
    }
    return value::object({{"database", value::text(ctx.session.display_target())},
                          {"dry_run", value::boolean(true)},
                          {"steps", std::move(rows)}});
}

// up and down: the plan printed for a dry run, else what was done.
outcome change_schema(context& ctx, const migrate_options& o, db::migration_planner plan, const char* done) {
    const auto catalog = catalog_of(o);
    db::migrate_request request{std::move(plan), policy_of(o), parse_duration(o.wait_lock), o.dry_run};
    auto result =
        db::migrate(ctx.session, catalog, request, [&ctx](const std::string& note) { ctx.log.info(note); });
    if (o.dry_run) return {plan_report(ctx, result.planned, request.policy)};
    auto report = value::object();
    report.add("database", value::text(ctx.session.display_target()));
    report.add("schema_version", value::integer(result.after.version));
    report.add("schema", value::text(result.after.description()));
    report.add(done, step_rows(result.done));
    return {std::move(report)};
}

outcome status(context& ctx, const migrate_options& o) {
    const auto catalog = catalog_of(o);
    pqxx::read_transaction tx(ctx.session.connection(), "schema state");
    auto state = db::read_schema_state(tx, catalog);
    auto rows = value::rows({"version", "name", "state", "applied_at", "duration_ms", "detail"});
    for (const auto& m : state.migrations) {
        rows.append(value::object(
            {{"version", value::integer(m.version)},
             {"name", value::text(m.name)},
             {"state", value::text(db::to_string(m.state))},
             {"applied_at", value::timestamp(m.record ? std::optional(m.record->applied_at) : std::nullopt)},
             {"duration_ms", value::integer(m.record ? m.record->duration_ms : std::nullopt)},
             {"detail", value::text(m.detail())}}));
    }
    auto report = value::object();
    report.add("database", value::text(ctx.session.display_target()));
    report.add("schema_version", value::integer(state.version));
    report.add("expected_version", value::integer(state.expected_version), "This chatcost's version");
    report.add("schema", value::text(state.description()));
    report.add("clean", value::boolean(state.current()), "Up to date");
    report.add("migrations", std::move(rows));
    bool failing = o.check && !state.current();
    if (failing) ctx.log.warn(fmt::format("schema check failed: {}", state.description()));
    return {std::move(report), failing ? exit_code::check_failed : exit_code::ok};
}

outcome verify(context& ctx, const migrate_options& o) {
    const auto catalog = catalog_of(o);
    auto result = db::verify_migrations(ctx.session, catalog, policy_of(o),
                                        [&ctx](const std::string& note) { ctx.log.verbose(note); });
    auto rows = value::rows({"phase", "kind", "object", "expected", "actual"});
    for (const auto& f : result.findings) {
        rows.append(value::object({{"phase", value::text(f.phase)},
                                   {"kind", value::text(f.kind)},
                                   {"object", value::text(f.object)},
                                   {"expected", value::text(f.expected)},
                                   {"actual", value::text(f.actual)}}));
    }
    bool reversible = result.findings.empty();
    auto report = value::object();
    report.add("migrations", value::count(result.migrations));
    report.add("scratch_database", value::text(result.scratch_database));
    report.add("reversible", value::boolean(reversible));
    report.add("differences", std::move(rows));
    if (!reversible)
        ctx.log.warn(
            fmt::format("the migrations are not reversible: {} differences", result.findings.size()));
    return {std::move(report), reversible ? exit_code::ok : exit_code::check_failed};
}

outcome lint(context& ctx, const migrate_options& o) {
    auto files = o.files.empty() ? db::embedded_migration_files() : db::read_sql_files(o.files);
    std::vector<db::lint_finding> findings;
    for (const auto& file : files) {
        for (auto& f : db::lint_migration(file.path, file.text)) findings.push_back(std::move(f));
    }
    ctx.log.info(fmt::format("{} file{} checked, {} finding{}", files.size(), files.size() == 1 ? "" : "s",
                             findings.size(), findings.size() == 1 ? "" : "s"));
    auto code = findings.empty() ? exit_code::ok : exit_code::check_failed;
    if (ctx.format == output::format::table) {
        auto lines = value::array();
        for (const auto& f : findings) lines.append(value::text(db::format_finding(f)));
        return {std::move(lines), code};
    }
    auto rows = value::rows({"file", "line", "rule", "message"});
    for (const auto& f : findings) {
        rows.append(value::object({{"file", value::text(f.file)},
                                   {"line", value::integer(f.line)},
                                   {"rule", value::text(f.rule)},
                                   {"message", value::text(f.message)}}));
    }
    return {value::object(
                {{"files_checked", value::count(std::int64_t(files.size()))}, {"findings", std::move(rows)}}),
            code};
}

void add_lock_flags(CLI::App* cmd, migrate_options& o) {
    auto duration = [](const std::string& text) { return duration_problem(text); };
    cmd->add_option("--wait-lock", o.wait_lock,
                    "Wait this long for another run's lock (default: exit 8 at once)")
        ->check(duration)
        ->type_name("DURATION");
    cmd->add_option("--lock-timeout", o.lock_timeout, "Each statement's wait for its table lock (default 5s)")
        ->check(duration)
        ->type_name("DURATION");
    cmd->add_option("--lock-retries", o.lock_retries,
                    "Retries with jittered backoff when a lock is not granted "
                    "(default 4)")
        ->check(CLI::Range(0, 100));
}

}  // namespace

void attach_migrate(CLI::App& parent, runner& selected) {
    auto* migrate = add_command(parent, "migrate", "The schema: apply, undo, check and lint the migrations",
                                "  chatcost migrate up\n  chatcost migrate status --check --format json\n"
                                "  chatcost migrate verify\n  chatcost migrate lint\n");
    migrate->require_subcommand(1);
    auto o = std::make_shared<migrate_options>();
    auto dir_flag = [&](CLI::App* cmd) {
        cmd->add_option("--migrations-dir", o->migrations_dir,
                        "Use the migrations in DIR, not the ones compiled in")
            ->check(CLI::ExistingDirectory);
    };
    auto* up = add_command(*migrate, "up", "Apply the pending migrations, under the migration lock",
                           "  chatcost migrate up\n  chatcost migrate up --to 4 --dry-run\n"
                           "  chatcost migrate up --wait-lock 10m --lock-timeout 2s\n");
    up->add_option("--to", o->to, "Stop after this version")->check(CLI::PositiveNumber);
    up->add_flag("--dry-run", o->dry_run, "Print the statements, transactions and timeouts; write nothing");
    up->add_flag("--retry-failed", o->retry_failed,
                 "Run a migration recorded as failed again, from its start");
    add_lock_flags(up, *o);
    dir_flag(up);
    up->callback([&selected, o] {
        selected = [o](context& ctx) {
            return change_schema(
                ctx, *o, [o](const auto& s) { return db::plan_up(s, o->to, o->retry_failed); }, "applied");
        };
    });
    auto* down = add_command(*migrate, "down", "Undo the last migration, or down to a version",
                             "  chatcost migrate down\n  chatcost migrate down --steps 2\n"
                             "  chatcost migrate down --to 0 --dry-run\n");
    auto* to = down->add_option("--to", o->to, "Undo every migration above this version (0: all)")
                   ->check(CLI::NonNegativeNumber);
    down->add_option("--steps", o->steps, "Undo this many migrations (default 1)")
        ->check(CLI::PositiveNumber)
        ->excludes(to);
    down->add_flag("--dry-run", o->dry_run, "Print the statements, transactions and timeouts; write nothing");
    add_lock_flags(down, *o);
    dir_flag(down);
    down->callback([&selected, o] {
        selected = [o](context& ctx) {
            auto steps = o->to ? o->steps : std::optional<int>(o->steps.value_or(1));
            return change_schema(
                ctx, *o, [o, steps](const auto& s) { return db::plan_down(s, o->to, steps); }, "undone");
        };
    });
    auto* status_cmd =
        add_command(*migrate, "status", "Every migration: applied, pending, changed, failed, unknown",
                    "  chatcost migrate status\n  chatcost migrate status --check --format json\n");
    status_cmd->add_flag("--check", o->check, "Exit 3 unless every migration is applied and unchanged");
    dir_flag(status_cmd);
    status_cmd->callback([&selected, o] { selected = [o](context& ctx) { return status(ctx, *o); }; });
    auto* verify_cmd = add_command(
        *migrate, "verify", "Prove the migrations reversible in a scratch database (up, down, up again)",
        "  chatcost migrate verify\n");
    dir_flag(verify_cmd);
    verify_cmd->callback([&selected, o] { selected = [o](context& ctx) { return verify(ctx, *o); }; });
    auto* lint_cmd =
        add_command(*migrate, "lint", "Check migration files for what hurts a live database",
                    "  chatcost migrate lint\n  chatcost migrate lint sql/migrations/0007_x.up.sql\n");
    lint_cmd->add_option("files", o->files, "Files or directories (default: the migrations compiled in)")
        ->check(CLI::ExistingPath);
    lint_cmd->callback([&selected, o] { selected = [o](context& ctx) { return lint(ctx, *o); }; });
}

}  // namespace chatcost::commands
