#pragma once
// `chatcost demo` as a report: what was loaded and priced, then the rollup by user over the
// sample's range and the heaviest user's summary, each exactly as `rollup` and `summary`
// print them (their JSON shapes are in docs/json-output.md).

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "ledger/usage_report.hpp"
#include "backfill/backfill_runner.hpp"
#include "ledger/price_book_store.hpp"
#include "ledger/sample_data.hpp"
#include "output/value.hpp"
#include "reports/report_audience.hpp"

namespace chatcost::reports {

struct demo_results {
    std::string database;  // the target, password masked
    std::uint64_t seed = 0;
    std::optional<std::int64_t> schema_version;
    db::sample_counts sample;
    db::backfill_outcome backfill;
    std::optional<ledger::rollup_page> rollup;          // none when the backfill was interrupted
    std::optional<ledger::user_summary> heaviest_user;  // none without a priced user
    std::chrono::microseconds elapsed{0};
};

// The rollup and summary inside as `rollup` and `summary` show them to `audience`
// (report_audience.hpp): the JSON shapes for programs, "Total" in the totals rows for people.
output::value demo_report(const demo_results& results, report_audience audience = report_audience::programs);

// A step of the demo: its event and figures for JSON logs, a sentence for a terminal.
struct demo_note {
    std::string event;
    output::value fields;
    std::string text;
};

demo_note demo_migrated_note(std::optional<std::int64_t> schema_version, std::size_t applied);
demo_note demo_price_book_note(const db::price_book_counts& counts);
demo_note demo_sample_note(const db::sample_counts& counts);

// "loading the sample: 40,000 of 100,000 messages", for the progress line.
std::string demo_loading_text(std::int64_t done, std::int64_t total);

// The user to look at next: the heaviest of the rollup's page, or none.
std::optional<std::string> heaviest_username(const ledger::rollup_page& page);

// Next steps for a person at a terminal, with this run's dates and ids filled in.
std::vector<std::string> demo_next_steps(const demo_results& results, const std::string& since);

}  // namespace chatcost::reports
