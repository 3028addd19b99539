// chatcost migrate status|verify|lint: what checks the migrations and writes nothing to the
// schema. `migrate` itself, up and down are migrate.cpp; these three join it as its last
// subcommands (cli/command_list.cpp lists this attach after attach_migrate).

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cmd/command.hpp"
#include "migrations/migration_lint.hpp"
#include "migrations/migration_verify.hpp"
#include "reports/migrate_report.hpp"

namespace chatcost::commands {

namespace {

struct check_options {
    bool check = false;
    std::string migrations_dir;
    std::vector<std::string> files;
};

db::migration_catalog catalog_of(const check_options& o) {
    return o.migrations_dir.empty() ? db::embedded_migrations()
                                    : db::migrations_from_directory(o.migrations_dir);
}

outcome status(context& ctx, const check_options& o) {
    const auto catalog = catalog_of(o);
    pqxx::read_transaction tx(ctx.session.connection(), "schema state");
    auto state = db::read_schema_state(tx, catalog);
    auto report = reports::migration_status_report(ctx.session.display_target(), state);
    bool failing = o.check && !state.current();
    if (failing) ctx.log.warn(fmt::format("schema check failed: {}", state.description()));
    return {std::move(report), failing ? exit_code::check_failed : exit_code::ok};
}

outcome verify(context& ctx, const check_options& o) {
    const auto catalog = catalog_of(o);
    // The default lock policy, as `migrate up` without --lock-timeout/--lock-retries: the scratch
    // database has no other users.
    auto result = db::verify_migrations(ctx.session, catalog, db::lock_policy{},
                                        [&ctx](const std::string& note) { ctx.log.verbose(note); });
    const bool reversible = result.findings.empty();
    auto report = reports::migration_verify_report(result);
    if (!reversible)
        ctx.log.warn(
            fmt::format("the migrations are not reversible: {} differences", result.findings.size()));
    return {std::move(report), reversible ? exit_code::ok : exit_code::check_failed};
}

outcome lint(context& ctx, const check_options& o) {
    auto files = o.files.empty() ? db::embedded_migration_files() : db::read_sql_files(o.files);
    std::vector<db::lint_finding> findings;
    for (const auto& file : files) {
        for (auto& f : db::lint_migration(file.path, file.text)) findings.push_back(std::move(f));
    }
    ctx.log.info(fmt::format("{} file{} checked, {} finding{}", files.size(), files.size() == 1 ? "" : "s",
                             findings.size(), findings.size() == 1 ? "" : "s"));
    auto code = findings.empty() ? exit_code::ok : exit_code::check_failed;
    return {reports::migration_lint_report(files.size(), findings), code};
}

}  // namespace

void attach_migrate_checks(CLI::App& parent, runner& selected) {
    auto* migrate = parent.get_subcommand("migrate");  // throws when the list has it out of order
    auto o = std::make_shared<check_options>();
    auto dir_flag = [&](CLI::App* cmd) {
        cmd->add_option("--migrations-dir", o->migrations_dir,
                        "Use the migrations in DIR, not the ones compiled in")
            ->check(CLI::ExistingDirectory);
    };
    auto* status_cmd = add_command(
        *migrate, "status", "Every migration: applied, adopted, pending, changed, failed, unknown",
        "  chatcost migrate status\n  chatcost migrate status --check --format json\n");
    status_cmd->add_flag("--check", o->check, "Exit 3 unless every migration is applied and unchanged");
    dir_flag(status_cmd);
    bind_run(*status_cmd, selected, o, status);
    auto* verify_cmd = add_command(
        *migrate, "verify", "Prove the migrations reversible in a scratch database (up, down, up again)",
        "  chatcost migrate verify\n");
    dir_flag(verify_cmd);
    bind_run(*verify_cmd, selected, o, verify);
    auto* lint_cmd =
        add_command(*migrate, "lint", "Check migration files for what hurts a live database",
                    "  chatcost migrate lint\n  chatcost migrate lint sql/migrations/0007_x.up.sql\n");
    lint_cmd->add_option("files", o->files, "Files or directories (default: the migrations compiled in)")
        ->check(CLI::ExistingPath);
    bind_run(*lint_cmd, selected, o, lint);
}

}  // namespace chatcost::commands
