#pragma once
// The options every command takes (DESIGN.md section 4).

#include <optional>
#include <string>

#include <CLI/App.hpp>

#include "output/format.hpp"

namespace chatcost::cli {

struct global_options {
    std::optional<std::string> database;
    std::string format{output::formats().front().name};  // the table's first row
    bool format_given = false;  // --format or -j: a command with a default of its own keeps it
    bool quiet = false;
    bool verbose = false;
    std::string log_format = "text";
    bool no_color = false;
    bool ids = false;       // tables show id columns
    bool compact = false;   // tables in the compact layout whatever the width
    bool no_chart = false;  // tables without charts
};

void add_global_options(CLI::App& app, global_options& options);

}  // namespace chatcost::cli
