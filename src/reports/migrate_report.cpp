#include "reports/migrate_report.hpp"

namespace chatcost::reports {

namespace {

using output::value;

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

}  // namespace

value migration_change_report(const std::string& database, const db::migrate_result& result,
                              const std::string& done_key) {
    auto report = value::object();
    report.add("database", value::text(database));
    report.add("schema_version", value::integer(result.after.version));
    report.add("schema", value::text(result.after.description()));
    report.add(done_key, step_rows(result.done));
    return report;
}

output::report_views migration_plan_report(const std::string& database,
                                           const std::vector<db::migration_step>& steps,
                                           const db::lock_policy& policy) {
    auto lines = db::describe_plan(steps, policy, true);
    auto rows = value::rows({"version", "migration", "kind", "statement", "line", "sql"});
    for (const auto& l : lines) {
        rows.append(value::object({{"version", value::integer(l.version)},
                                   {"migration", value::text(l.migration)},
                                   {"kind", value::text(db::to_string(l.what))},
                                   {"statement", value::integer(l.statement)},
                                   {"line", value::integer(l.line)},
                                   {"sql", value::text(l.sql)}}));
    }
    auto script = value::array();
    for (auto& line : db::plan_script(lines)) script.append(value::text(std::move(line)));
    output::report_views views(value::object({{"database", value::text(database)},
                                              {"dry_run", value::boolean(true)},
                                              {"steps", std::move(rows)}}));
    views.for_people(std::move(script));
    return views;
}

value migration_status_report(const std::string& database, const db::schema_state& state) {
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
    report.add("database", value::text(database));
    report.add("schema_version", value::integer(state.version));
    report.add("expected_version", value::integer(state.expected_version), "This chatcost's version");
    report.add("schema", value::text(state.description()));
    report.add("clean", value::boolean(state.current()), "Up to date");
    report.add("migrations", std::move(rows));
    return report;
}

value migration_verify_report(const db::verify_result& result) {
    auto rows = value::rows({"phase", "kind", "object", "expected", "actual"});
    for (const auto& f : result.findings) {
        rows.append(value::object({{"phase", value::text(f.phase)},
                                   {"kind", value::text(f.kind)},
                                   {"object", value::text(f.object)},
                                   {"expected", value::text(f.expected)},
                                   {"actual", value::text(f.actual)}}));
    }
    auto report = value::object();
    report.add("migrations", value::count(result.migrations));
    report.add("scratch_database", value::text(result.scratch_database));
    report.add("reversible", value::boolean(result.findings.empty()));
    report.add("differences", std::move(rows));
    return report;
}

output::report_views migration_lint_report(std::size_t files_checked,
                                           const std::vector<db::lint_finding>& findings) {
    auto rows = value::rows({"file", "line", "rule", "message"});
    auto lines = value::array();
    for (const auto& f : findings) {
        rows.append(value::object({{"file", value::text(f.file)},
                                   {"line", value::integer(f.line)},
                                   {"rule", value::text(f.rule)},
                                   {"message", value::text(f.message)}}));
        lines.append(value::text(db::format_finding(f)));
    }
    output::report_views views(value::object(
        {{"files_checked", value::count(std::int64_t(files_checked))}, {"findings", std::move(rows)}}));
    views.for_people(std::move(lines));
    return views;
}

}  // namespace chatcost::reports
