#pragma once
// What every command shares: the context it runs in and the outcome it returns.
// A command binds its options, calls modules and returns a report; main renders
// it and turns the outcome into the exit code.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <CLI/App.hpp>

#include "db/session.hpp"
#include "output/format.hpp"
#include "output/log.hpp"
#include "output/report_views.hpp"
#include "util/exit_code.hpp"

namespace chatcost::commands {

struct context {
    db::session& session;
    output::logger& log;
    output::format format;
    // --format or -j was given: a command whose output defaults to another format than the table
    // (export focus: CSV, a file format) keeps the one asked for (format_or).
    bool format_given = false;

    output::format format_or(output::format command_default) const {
        return format_given ? format : command_default;
    }
};

struct outcome {
    std::optional<output::report_views> report;  // printed on stdout in the chosen format
    exit_code code = exit_code::ok;
    bool exact_money = false;  // tables show all six decimals (--exact)
    // Said on stderr (as info) after the report is printed, so that hints for a person at a
    // terminal ("next, try: ...") do not scroll away above a long report.
    std::vector<std::string> closing_notes = {};
    // Printed in this format instead of --format's: the command's own default (context::format_or).
    std::optional<output::format> format = std::nullopt;
};

// Set by the subcommand that was parsed; run by main after parsing.
using runner = std::function<outcome(context&)>;

// Each command file defines one attach function, listed in cli/command_list.cpp.
using attach_fn = void (*)(CLI::App& parent, runner& selected);

// Adds a subcommand with a one-line purpose and examples shown under --help.
CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& purpose,
                      const std::string& examples);

// When `command` is parsed, `run(ctx, *options)` is the command main runs: the options are
// filled by then. A command with subcommands of its own (`backfill status`) runs only when none
// of them was given: CLI11 calls the subcommand's callback first.
template <typename Options, typename Run>
void bind_run(CLI::App& command, runner& selected, std::shared_ptr<Options> options, Run run) {
    command.callback([&command, &selected, options, run] {
        if (!command.get_subcommands().empty()) return;
        selected = [options, run](context& ctx) { return run(ctx, *options); };
    });
}

// Wraps the run of a command that writes (`what` names it, as in "backfill"): on a hot standby it
// stops before any work, exit 5, with a hint to use the primary (db/standby_check.hpp). A dry run
// (options with a `dry_run` that is set) writes nothing and runs on a standby too.
template <typename Run>
auto writes(const char* what, Run run) {
    return [what, run](context& ctx, auto& options) {
        bool dry_run = false;
        if constexpr (requires { options.dry_run; }) dry_run = options.dry_run;
        if (!dry_run) ctx.session.require_primary(what);
        return run(ctx, options);
    };
}

// The same for a command without options.
void bind_run(CLI::App& command, runner& selected, outcome (*run)(context&));

}  // namespace chatcost::commands
