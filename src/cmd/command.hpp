#pragma once
// What every command shares: the context it runs in and the outcome it returns.
// A command binds its options, calls modules and returns a report; main renders
// it and turns the outcome into the exit code.

#include <functional>
#include <memory>
#include <optional>

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
};

struct outcome {
    std::optional<output::report_views> report;  // printed on stdout in the chosen format
    exit_code code = exit_code::ok;
    bool exact_money = false;  // tables show all six decimals (--exact)
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

// The same for a command without options.
void bind_run(CLI::App& command, runner& selected, outcome (*run)(context&));

}  // namespace chatcost::commands
