#include "reports/demo_report.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "ledger/rollup_groupings.hpp"
#include "output/display.hpp"
#include "reports/rollup_report.hpp"
#include "reports/summary_report.hpp"

namespace chatcost::reports {

namespace {

using output::value;

value seconds(std::chrono::microseconds elapsed) {
    return value::decimal(fmt::format("{:.3f}", static_cast<double>(elapsed.count()) / 1e6));
}

// The configs whose prices backfill could not read (the sample has one on purpose).
value invalid_configs(const db::backfill_tally& tally) {
    auto rows = value::rows({{"model_config_id", "Model config"},
                             {"rows", "Messages"},
                             {"first_message_id", "First message"},
                             "reason"});
    for (const auto& [key, problem] : tally.problems) {
        rows.append(value::object({{"model_config_id", value::text(key.first.empty() ? "(none)" : key.first)},
                                   {"rows", value::count(problem.rows)},
                                   {"first_message_id", value::integer(problem.first_message_id)},
                                   {"reason", value::text(problem.reason)}}));
    }
    return rows;
}

}  // namespace

output::value demo_report(const demo_results& results, report_audience audience) {
    const auto& sample = results.sample;
    const auto& tally = results.backfill.invocation;  // this demo's, not an earlier attempt's
    auto report = value::object();
    report.add("database", value::text(results.database));
    report.add("schema_version", value::integer(results.schema_version));
    report.add("seed", value::integer(static_cast<std::int64_t>(results.seed)));
    report.add("replaced_earlier_sample", value::boolean(sample.replaced), "Replaced an earlier demo");
    report.add("users", value::count(sample.users));
    report.add("chats", value::count(sample.chats));
    report.add("forks", value::count(sample.forks), "Of which forks");
    report.add("model_configs", value::count(sample.model_configs));
    report.add("messages", value::count(sample.messages));
    report.add("rows_priced", value::count(tally.rows_priced), "Priced by backfill");
    report.add("rows_unpriced", value::count(tally.unpriced_total()), "Unpriced (no config or no price)");
    report.add("rows_invalid", value::count(tally.rows_invalid), "Invalid price (left unpriced)");
    // So that the lines above add up to "Messages": the rest are prompts (user messages) and
    // replies that recorded no usage, which nothing prices.
    const auto with_usage = tally.rows_priced + tally.unpriced_total() + tally.rows_invalid;
    report.add("messages_without_usage",
               value::count(std::max<std::int64_t>(0, sample.messages - with_usage)),
               "Prompts and replies without usage");
    report.add("backfill_completed", value::boolean(results.backfill.completed));
    report.add("elapsed_seconds", seconds(results.elapsed), "Elapsed (s)");
    report.add("invalid_prices", invalid_configs(tally), "Model configs with an invalid price");
    if (results.rollup)
        report.add("rollup", rollup_report(*results.rollup, audience), "chatcost rollup --by user");
    if (results.heaviest_user) {
        report.add("heaviest_user", summary_report(*results.heaviest_user, audience),
                   "chatcost summary --user " + results.heaviest_user->user.username + " (top 10 chats)");
    }
    return report;
}

demo_note demo_migrated_note(std::optional<std::int64_t> schema_version, std::size_t applied) {
    return {"demo_migrated",
            value::object({{"schema_version", value::integer(schema_version)},
                           {"applied", value::count(static_cast<std::int64_t>(applied))}}),
            fmt::format("schema at version {} ({} migration{} applied)", schema_version.value_or(0), applied,
                        applied == 1 ? "" : "s")};
}

demo_note demo_price_book_note(const db::price_book_counts& counts) {
    return {"demo_price_book",
            value::object({{"inserted", value::count(counts.inserted)},
                           {"updated", value::count(counts.updated)},
                           {"unchanged", value::count(counts.unchanged)}}),
            fmt::format("price book: {} inserted, {} updated, {} unchanged", counts.inserted, counts.updated,
                        counts.unchanged)};
}

demo_note demo_sample_note(const db::sample_counts& counts) {
    return {"demo_sample_loaded",
            value::object({{"users", value::count(counts.users)},
                           {"chats", value::count(counts.chats)},
                           {"forks", value::count(counts.forks)},
                           {"model_configs", value::count(counts.model_configs)},
                           {"messages", value::count(counts.messages)},
                           {"replaced", value::boolean(counts.replaced)}}),
            fmt::format("{}sample loaded: {} users, {} chats, {} model configs, {} messages",
                        counts.replaced ? "earlier demo sample replaced; " : "",
                        output::format_count(counts.users), output::format_count(counts.chats),
                        counts.model_configs, output::format_count(counts.messages))};
}

std::string demo_loading_text(std::int64_t done, std::int64_t total) {
    return fmt::format("loading the sample: {} of {} messages", output::format_count(done),
                       output::format_count(total));
}

std::optional<std::string> heaviest_username(const ledger::rollup_page& page) {
    const auto& columns = page.by->key_columns;
    auto username = std::find_if(columns.begin(), columns.end(),
                                 [](const auto& column) { return column.key == "username"; });
    if (username == columns.end()) return std::nullopt;  // not grouped by user
    const auto at = static_cast<std::size_t>(username - columns.begin());
    for (const auto& row : page.rows) {
        if (at < row.key.size() && row.key[at]) return row.key[at];
    }
    return std::nullopt;
}

std::vector<std::string> demo_next_steps(const demo_results& results, const std::string& since) {
    std::vector<std::string> steps{
        fmt::format("demo done in {:.1f} s; next, try:", static_cast<double>(results.elapsed.count()) / 1e6)};
    steps.push_back(fmt::format("  chatcost rollup --by model --since {}", since));
    steps.push_back(fmt::format("  chatcost rollup --by day --since {} --timezone Europe/Paris", since));
    if (results.heaviest_user) {
        steps.push_back(fmt::format("  chatcost summary --user {} --since {}",
                                    results.heaviest_user->user.username, since));
    }
    if (!results.backfill.invocation.problems.empty()) {
        steps.push_back(fmt::format("  chatcost explain {}   # why this message stays unpriced",
                                    results.backfill.invocation.problems.begin()->second.first_message_id));
    }
    steps.push_back("  man chatcost");
    return steps;
}

}  // namespace chatcost::reports
