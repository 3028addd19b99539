// The global options: --format and -j say whether a format was asked for, so that a command with a
// default of its own (export focus: CSV) keeps it only when none was.

#include <doctest/doctest.h>

#include <CLI/CLI.hpp>

#include "cli/global_options.hpp"

using namespace chatcost;

namespace {

cli::global_options parsed(const std::string& line) {
    CLI::App app;
    app.fallthrough();
    cli::global_options options;
    cli::add_global_options(app, options);
    app.add_subcommand("export");
    app.parse(line, false);
    return options;
}

}  // namespace

TEST_CASE("global options: format_given only when --format or -j was given, wherever it stands") {
    CHECK_FALSE(parsed("export").format_given);
    CHECK(parsed("export").format == "table");
    CHECK_FALSE(parsed("-q export").format_given);
    auto table = parsed("--format table export");
    CHECK(table.format_given);  // asked for, though it is the default: a command default gives way
    CHECK(table.format == "table");
    auto json = parsed("export -j");
    CHECK(json.format_given);
    CHECK(json.format == "json");
    auto csv = parsed("export --format csv");
    CHECK(csv.format_given);
    CHECK(csv.format == "csv");
}
