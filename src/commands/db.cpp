// chatcost db status|start|stop|url: which database is used and why; the embedded one.

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cmd/command.hpp"
#include "db/embedded_sql.hpp"
#include "migrations/schema_state.hpp"

namespace chatcost::commands {

namespace {

output::value embedded_fields(const db::embedded_cluster& cluster) {
    return output::value::object({
        {"data_directory", output::value::text(cluster.layout().data.string())},
        {"socket_directory", output::value::text(cluster.layout().socket_dir.string())},
        {"log_file", output::value::text(cluster.layout().log_file.string())},
    });
}

outcome status(context& ctx) {
    auto& session = ctx.session;
    auto report = output::value::object();
    report.add("database", output::value::text(session.display_target()));
    report.add("source", output::value::text(std::string(db::to_string(session.target().source))));
    report.add("chosen_by", output::value::text(session.target().reason));
    pqxx::nontransaction tx(session.connection());
    auto row = tx.exec1(std::string(db::query("server_info")));
    report.add("server_version", output::value::text(row["server_version"].as<std::string>()));
    report.add("database_name", output::value::text(row["database"].as<std::string>()));
    report.add("role", output::value::text(row["role"].as<std::string>()));
    auto schema = db::read_schema_state(tx);
    report.add("schema_version", output::value::integer(schema.version));
    report.add("schema", output::value::text(schema.description()));
    if (session.target().source == db::target_source::embedded) {
        report.add("embedded", embedded_fields(session.embedded()));
    }
    return {std::move(report)};
}

outcome start(context& ctx) {
    auto cluster = ctx.session.embedded();
    bool was_running = cluster.running();
    if (!was_running) cluster.ensure_running();
    auto report = output::value::object();
    report.add("running", output::value::boolean(true));
    report.add("started", output::value::boolean(!was_running));
    report.add("embedded", embedded_fields(cluster));
    return {std::move(report)};
}

outcome stop(context& ctx) {
    // -d and the variables choose the database other commands use; this one stops only the
    // server chatcost runs itself, and says so rather than leave the person thinking theirs stopped.
    if (ctx.session.target().source != db::target_source::embedded) {
        ctx.log.warn(
            fmt::format("db stop stops only the embedded database; {} ({}) is not chatcost's to stop",
                        ctx.session.display_target(), ctx.session.target().reason));
    }
    auto cluster = ctx.session.embedded();
    bool stopped = cluster.stop();
    auto report = output::value::object();
    report.add("running", output::value::boolean(false));
    report.add("stopped", output::value::boolean(stopped));
    report.add("embedded", embedded_fields(cluster));
    return {std::move(report)};
}

outcome url(context& ctx) {
    auto& session = ctx.session;
    auto url = session.display_target();
    if (session.target().source == db::target_source::embedded) {
        auto cluster = session.embedded();
        cluster.ensure_running();  // a URL to a stopped server would fail in psql
        url = cluster.url();
    }
    // A bare line for psql "$(chatcost db url)"; an object for scripts that ask for JSON or CSV.
    return {output::report_views(output::value::object({{"url", output::value::text(url)}}))
                .for_people(output::value::text(url))};
}

}  // namespace

void attach_db(CLI::App& parent, runner& selected) {
    auto* db = add_command(parent, "db", "Show which database is used and why; manage the embedded one",
                           "  chatcost db status\n"
                           "  psql \"$(chatcost db url)\"\n"
                           "  chatcost db stop\n");
    db->require_subcommand(1);
    auto* status_cmd =
        add_command(*db, "status", "Which database is used, how it was chosen, server and schema version",
                    "  chatcost db status\n  chatcost db status --format json\n");
    bind_run(*status_cmd, selected, status);
    auto* start_cmd = add_command(*db, "start", "Create (first use) and start the embedded database",
                                  "  chatcost db start\n");
    bind_run(*start_cmd, selected, start);
    auto* stop_cmd =
        add_command(*db, "stop", "Stop the embedded database (commands start it again on demand)",
                    "  chatcost db stop\n");
    bind_run(*stop_cmd, selected, stop);
    auto* url_cmd = add_command(*db, "url", "Print a libpq URL for the database in use, password masked",
                                "  psql \"$(chatcost db url)\"\n");
    bind_run(*url_cmd, selected, url);
}

}  // namespace chatcost::commands
