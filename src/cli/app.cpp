#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include "cli/command_list.hpp"

#ifndef CHATCOST_VERSION
#define CHATCOST_VERSION "unknown"
#endif

namespace chatcost::cli {

namespace {

constexpr const char* examples = R"(
Examples:
  chatcost demo                            sample usage, priced and reported, on the embedded database
  chatcost db status                       which database is used, and why
  chatcost --format json db status         the same for scripts
  chatcost -d postgresql://app@db/chat db status

Exit codes: 0 ok, 1 internal error, 2 usage, 3 check failed, 4 database unreachable,
5 database error, 6 invalid input data, 7 schema not migrated, 8 locked, 130 interrupted.
See 'chatcost COMMAND --help' and 'man chatcost-COMMAND' for each command.)";

}  // namespace

std::unique_ptr<CLI::App> build_app(global_options& options, commands::runner& selected) {
    auto app = std::make_unique<CLI::App>("chatcost: the cost ledger of an LLM chat platform, in PostgreSQL",
                                          "chatcost");
    app->set_version_flag("--version", std::string("chatcost ") + CHATCOST_VERSION);
    app->footer(examples);
    app->require_subcommand(1);
    // Global options are accepted after the command too: `chatcost db status --format json`.
    app->fallthrough();
    add_global_options(*app, options);
    for (auto attach : command_list()) attach(*app, selected);
    return app;
}

}  // namespace chatcost::cli
