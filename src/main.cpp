// chatcost: parse, run the chosen command, render its report, map errors to exit codes.
// This is the only catch site (STYLE.md: throw low, map once).

#include <iostream>
#include <optional>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "cli/app.hpp"
#include "cli/error_report.hpp"
#include "db/session.hpp"
#include "output/log.hpp"
#include "output/progress_line.hpp"
#include "output/render.hpp"
#include "output/terminal.hpp"
#include "util/standard_output.hpp"

namespace {

using namespace chatcost;

output::logger_options logger_options_for(const cli::global_options& options) {
    output::logger_options log;
    log.level = options.quiet     ? output::log_level::quiet
                : options.verbose ? output::log_level::verbose
                                  : output::log_level::normal;
    log.format = output::parse_log_format(options.log_format);
    log.plain = options.no_color || output::no_color_requested();
    return log;
}

db::session_settings session_settings_for(const cli::global_options& options) {
    db::session_settings settings;
    settings.database_flag = options.database;
    return settings;
}

}  // namespace

int main(int argc, char** argv) {
    standard_output out;  // every byte of stdout goes through it, and a failed write is an error
    cli::global_options options;
    commands::runner selected;
    auto app = cli::build_app(options, selected);
    cli::error_sink sink{std::cerr};
    try {
        app->parse(argc, argv);
    } catch (const CLI::ParseError& error) {
        sink.json = options.log_format == "json";
        auto code = cli::report_parse_error(*app, error, sink);  // --help and --version print here
        try {
            out.finish();
        } catch (...) {
            return to_int(cli::report_exception(std::current_exception(), sink));
        }
        return to_int(code);
    }
    sink.json = options.log_format == "json";

    std::optional<db::session> session;
    std::optional<output::logger> log;
    try {
        auto log_options = logger_options_for(options);
        log_options.scrub = [&session](std::string_view text) {
            return session ? session->scrubber().scrub(text) : db::mask_connection_passwords(text);
        };
        log.emplace(std::cerr, log_options);
        sink.scrub = log_options.scrub;
        session.emplace(
            session_settings_for(options), db::process_env(),
            [&log](const std::string& note) { log->info(note); },
            [&log](const std::string& note) { log->verbose(note); });

        commands::context context{*session, *log, output::parse_format(options.format), options.format_given};
        auto outcome = selected(context);
        if (outcome.report) {
            auto render = output::table_options_for(
                STDOUT_FILENO, {options.no_color, options.ids, options.compact, options.no_chart});
            render.exact_money = outcome.exact_money;
            output::render(std::cout, *outcome.report, outcome.format.value_or(context.format), render);
        }
        out.finish();
        for (const auto& note : outcome.closing_notes) log->info(note);  // after the report
        return to_int(outcome.code);
    } catch (...) {
        return to_int(cli::report_exception(std::current_exception(), sink));
    }
}
