#pragma once
// The command line: global options, every command, --help and --version.

#include <memory>

#include <CLI/App.hpp>

#include "cli/global_options.hpp"
#include "cmd/command.hpp"

namespace chatcost::cli {

std::unique_ptr<CLI::App> build_app(global_options& options, commands::runner& selected);

}  // namespace chatcost::cli
