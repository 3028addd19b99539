// chatcost demo: on the embedded database, migrate, apply the price book, load realistic sample
// usage, price it with backfill, and print the rollup by user and the heaviest user's summary.

#include <iostream>

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "backfill/backfill_job.hpp"
#include "ledger/cost_reports.hpp"
#include "migrations/migrator.hpp"
#include "ledger/price_book_store.hpp"
#include "ledger/sample_data.hpp"
#include "output/run_feedback.hpp"
#include "pricebook/embedded_book.hpp"
#include "pricebook/price_book_writer.hpp"
#include "reports/backfill_feedback.hpp"
#include "reports/demo_report.hpp"
#include "reports/rollup_report.hpp"
#include "util/failure.hpp"
#include "util/interrupt.hpp"
#include "util/time_range.hpp"

namespace chatcost::commands {

namespace {

using output::value;

struct demo_options {
    db::sample_options sample;  // --messages, --users, --seed
    bool force = false;
};

void require_embedded(const db::session& session, bool force) {
    if (force || session.target().source == db::target_source::embedded) return;
    throw failure(
        exit_code::usage,
        fmt::format("the demo writes sample data, and the database in use is not the embedded one: {} "
                    "(chosen by {})",
                    session.display_target(), session.target().reason),
        "unset -d/--database, CHATCOST_DATABASE_URL, DATABASE_URL and PG* to use the embedded "
        "database, or add --force to load the sample into this one (it must be empty)");
}

// The sample's whole range: from the UTC date 90 days ago (its first day) up to now.
std::string sample_since(std::chrono::system_clock::time_point now) {
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
    return format_rfc3339(micros - std::int64_t{90} * 86'400'000'000, 0).substr(0, 10);
}

outcome run(context& ctx, const demo_options& options) {
    require_embedded(ctx.session, options.force);
    const auto started = std::chrono::steady_clock::now();
    const auto now = std::chrono::system_clock::now();
    output::run_feedback feedback(ctx.log, std::cerr);
    auto say = [&feedback](const reports::demo_note& note) {
        feedback.note(note.event, note.fields, note.text);
    };
    reports::demo_results results;
    results.database = ctx.session.display_target();
    results.seed = options.sample.seed;
    auto finish = [&] {
        results.elapsed =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
    };

    db::migrate_request migrate{
        [](const auto& s) { return db::plan_up(s, std::nullopt, false); }, {}, {}, false};
    auto migrated = db::migrate(ctx.session, db::embedded_migrations(), migrate,
                                [&](const std::string& note) { feedback.progress("", value(), note); });
    results.schema_version = migrated.after.version;
    say(reports::demo_migrated_note(migrated.after.version, migrated.done.size()));

    auto& connection = ctx.session.connection();
    say(reports::demo_price_book_note(db::apply_price_book(connection, pricebook::embedded_book_entries())));

    auto sample = options.sample;
    sample.now = now;
    sample.on_progress = [&](std::int64_t done, std::int64_t total) {
        feedback.progress("", value(), reports::demo_loading_text(done, total));
    };
    results.sample = db::load_sample_data(connection, sample);
    say(reports::demo_sample_note(results.sample));

    {
        interrupt_guard interrupts;
        results.backfill = db::run_backfill(ctx.session, db::backfill_settings{}, interrupts,
                                            reports::backfill_observers_for(feedback));
        feedback.clear();
    }
    if (results.backfill.interrupted) {
        finish();
        ctx.log.warn("interrupted during the backfill: run 'chatcost backfill' to price the rest");
        return {reports::demo_report(results), exit_code::interrupted};
    }

    const auto since = sample_since(now);
    db::rollup_request rollup;
    rollup.range = db::parse_range_flags(since, std::nullopt, "UTC");
    rollup.limit = 10;
    results.rollup = db::read_rollup(connection, rollup);
    if (auto username = reports::heaviest_username(*results.rollup)) {
        results.heaviest_user = db::read_user_summary(connection, {*username, rollup.range});
        if (results.heaviest_user->by_chat.size() > 10) results.heaviest_user->by_chat.resize(10);  // a taste
    }
    finish();
    // JSON logs get the event now; a person at a terminal, the next steps after the report.
    outcome done{output::report_views(reports::demo_report(results))
                     .for_people(reports::demo_report(results, reports::report_audience::people))
                     .as_one_list(reports::rollup_report(*results.rollup))};  // CSV: the rollup's users
    if (feedback.shows_progress()) {
        done.closing_notes = reports::demo_next_steps(results, since);
    } else {
        feedback.note("demo_finished",
                      value::object({{"elapsed_ms", value::integer(results.elapsed.count() / 1000)}}), "");
    }
    return done;
}

}  // namespace

void attach_demo(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<demo_options>();
    auto* command = add_command(
        parent, "demo",
        "Load realistic sample usage into the embedded database, price it, and print the reports",
        "  chatcost demo                            # 100,000 messages over the last 90 days, a few seconds\n"
        "  chatcost demo --messages 1000000 --users 500 --seed 7\n"
        "  XDG_DATA_HOME=$(mktemp -d) chatcost demo   # on a brand-new embedded database\n");
    command
        ->add_option("--messages", options->sample.messages,
                     "Messages to load, prompts and replies (default 100000)")
        ->option_text("N")
        ->check(whole_number(2, db::sample_max_messages));
    command->add_option("--users", options->sample.users, "Users to spread them over (default 40)")
        ->option_text("N")
        ->check(whole_number(1, 100'000));
    command->add_option("--seed", options->sample.seed, "The same seed gives the same sample (default 1)")
        ->option_text("S")
        ->check(whole_number(0));
    command->add_flag("--force", options->force,
                      "Also on a database that is not the embedded one (it must be empty)");
    bind_run(*command, selected, options, writes("demo", run));
}

}  // namespace chatcost::commands
