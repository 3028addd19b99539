// chatcost migrate up|down: the schema, from the migrations compiled in; status, verify and lint
// are migrate_checks.cpp. The logic lives in migrations/ (migration_catalog, schema_state,
// migration_plan, migration_runner, migrator); reports/migrate_report builds the reports.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "migrations/migrator.hpp"
#include "migrations/schema_adoption.hpp"
#include "reports/adoption_report.hpp"
#include "reports/migrate_report.hpp"
#include "util/duration.hpp"
#include "util/failure.hpp"

namespace chatcost::commands {

namespace {

struct migrate_options {
    std::optional<std::int64_t> to;
    std::optional<int> steps;
    bool dry_run = false;
    bool retry_failed = false;
    bool adopt = false;
    std::string wait_lock = "0";
    std::string lock_timeout = "5s";
    int lock_retries = 4;
    std::string migrations_dir;
};

db::migration_catalog catalog_of(const migrate_options& o) {
    return o.migrations_dir.empty() ? db::embedded_migrations()
                                    : db::migrations_from_directory(o.migrations_dir);
}

db::lock_policy policy_of(const migrate_options& o) {
    return {parse_duration(o.lock_timeout), o.lock_retries + 1, {}};
}

// up and down: the plan printed for a dry run, else what was done.
outcome change_schema(context& ctx, const migrate_options& o, db::migration_planner plan, const char* done) {
    const auto catalog = catalog_of(o);
    db::migrate_request request{std::move(plan), policy_of(o), parse_duration(o.wait_lock), o.dry_run};
    auto result =
        db::migrate(ctx.session, catalog, request, [&ctx](const std::string& note) { ctx.log.info(note); });
    const auto database = ctx.session.display_target();
    if (o.dry_run) return {reports::migration_plan_report(database, result.planned, request.policy)};
    return {reports::migration_change_report(database, result, done)};
}

// up --adopt: the platform's tables checked and adopted, then chatcost's own migrations.
outcome adopt(context& ctx, const migrate_options& o) {
    if (o.to || o.retry_failed)
        throw failure(exit_code::usage, "--adopt takes neither --to nor --retry-failed");
    const auto catalog = catalog_of(o);  // the steps point into it
    db::migrate_request request{{}, policy_of(o), parse_duration(o.wait_lock), o.dry_run};
    auto result = db::adopt_schema(ctx.session, catalog, request,
                                   [&ctx](const std::string& note) { ctx.log.info(note); });
    if (!o.dry_run) return {reports::adoption_report(ctx.session.display_target(), result)};
    for (const auto& finding : result.check.accepted) ctx.log.info("accepted: " + finding.message);
    return {reports::migration_plan_report(ctx.session.display_target(), result.migration.planned,
                                           request.policy)};
}

outcome migrate_up(context& ctx, const migrate_options& o) {
    if (o.adopt) return adopt(ctx, o);
    db::refuse_platform_tables(ctx.session.connection(), catalog_of(o));
    return change_schema(
        ctx, o, [&o](const auto& s) { return db::plan_up(s, o.to, o.retry_failed); }, "applied");
}

outcome migrate_down(context& ctx, const migrate_options& o) {
    auto steps = o.to ? o.steps : std::optional<int>(o.steps.value_or(1));
    return change_schema(
        ctx, o, [&o, steps](const auto& s) { return db::plan_down(s, o.to, steps); }, "undone");
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
        ->check(whole_number(0, 100));
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
    up->add_option("--to", o->to, "Stop after this version")->check(whole_number(1));
    up->add_flag("--dry-run", o->dry_run, "Print the statements, transactions and timeouts; write nothing");
    up->add_flag("--retry-failed", o->retry_failed,
                 "Run a migration recorded as failed again, from its start");
    up->add_flag("--adopt", o->adopt,
                 "The platform made users, chats, chat_model_configs, chat_messages: check them, adopt them");
    add_lock_flags(up, *o);
    dir_flag(up);
    bind_run(*up, selected, o, writes("migrate up", migrate_up));
    auto* down = add_command(*migrate, "down", "Undo the last migration, or down to a version",
                             "  chatcost migrate down\n  chatcost migrate down --steps 2\n"
                             "  chatcost migrate down --to 0 --dry-run\n");
    auto* to = down->add_option("--to", o->to, "Undo every migration above this version (0: all)")
                   ->check(whole_number(0));
    down->add_option("--steps", o->steps, "Undo this many migrations (default 1)")
        ->check(whole_number(1, std::numeric_limits<int>::max()))
        ->excludes(to);
    down->add_flag("--dry-run", o->dry_run, "Print the statements, transactions and timeouts; write nothing");
    add_lock_flags(down, *o);
    dir_flag(down);
    bind_run(*down, selected, o, writes("migrate down", migrate_down));
}

}  // namespace chatcost::commands
