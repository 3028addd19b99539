// bind_run: the one way a command becomes the one main runs.

#include <doctest/doctest.h>

#include <memory>

#include <CLI/CLI.hpp>

#include "cmd/command.hpp"

using namespace chatcost::commands;

namespace {

struct list_options {
    int limit = 10;
};

outcome run_list(context&, const list_options&) {
    return {};
}
outcome run_status(context&) {
    return {};
}

using plain_run = outcome (*)(context&);

}  // namespace

TEST_CASE("bind_run: the parsed command is selected, with its options filled") {
    CLI::App app;
    runner selected;
    auto options = std::make_shared<list_options>();
    auto* list = app.add_subcommand("list");
    list->add_option("--limit", options->limit);
    bind_run(*list, selected, options, run_list);
    auto* status = app.add_subcommand("status");
    bind_run(*status, selected, run_status);

    app.parse("list --limit 3", false);
    CHECK(static_cast<bool>(selected));
    CHECK(selected.target<plain_run>() == nullptr);
    CHECK(options->limit == 3);

    selected = nullptr;
    app.parse("status", false);
    REQUIRE(selected.target<plain_run>() != nullptr);
    CHECK((*selected.target<plain_run>() == &run_status));
}

TEST_CASE("bind_run: a command whose own subcommand was given leaves the choice to it") {
    CLI::App app;
    runner selected;
    auto options = std::make_shared<list_options>();
    auto* backfill = app.add_subcommand("backfill");
    backfill->require_subcommand(0, 1);
    auto* status = backfill->add_subcommand("status");
    bind_run(*status, selected, run_status);
    bind_run(*backfill, selected, options, run_list);

    app.parse("backfill status", false);
    REQUIRE(selected.target<plain_run>() != nullptr);
    CHECK((*selected.target<plain_run>() == &run_status));

    selected = nullptr;
    app.parse("backfill", false);
    CHECK(static_cast<bool>(selected));
    CHECK(selected.target<plain_run>() == nullptr);
}
