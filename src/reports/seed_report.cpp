#include "reports/seed_report.hpp"

#include <fmt/format.h>

#include "output/display.hpp"

namespace chatcost::reports {

namespace {

using output::value;

// One row per price that would change: provider, model, insert|update, which price, old, new.
value change_rows(const std::vector<db::price_book_change>& changes) {
    auto rows = value::rows({"provider", "model", "action", "price", "old", "new"});
    for (const auto& change : changes) {
        for (auto which : cost::all_categories) {
            const auto& now = change.new_prices[which];
            if (change.old_prices && (*change.old_prices)[which] == now) continue;
            rows.append(value::object({
                {"provider", value::text(change.provider)},
                {"model", value::text(change.model)},
                {"action", value::text(change.old_prices ? "update" : "insert")},
                {"price", value::text(cost::price_book_column(which))},
                {"old", change.old_prices ? value::price((*change.old_prices)[which]) : value::null()},
                {"new", value::price(now)},
            }));
        }
    }
    return rows;
}

value counts_report(const std::string& book, std::int64_t entries, bool dry_run,
                    const db::price_book_counts& counts) {
    auto report = value::object({{"book", value::text(book)},
                                 {"entries", value::count(entries)},
                                 {"dry_run", value::boolean(dry_run)}});
    report.add("inserted", value::count(counts.inserted), dry_run ? "Would insert" : "");
    report.add("updated", value::count(counts.updated), dry_run ? "Would update" : "");
    report.add("unchanged", value::count(counts.unchanged));
    return report;
}

}  // namespace

value seed_dry_run_report(const std::string& book, std::int64_t entries, const db::price_book_diff& diff) {
    const db::price_book_counts counts{diff.inserted, diff.updated, entries - diff.inserted - diff.updated};
    const auto not_listed = diff.inserted + diff.updated - static_cast<std::int64_t>(diff.listed.size());
    auto report = counts_report(book, entries, true, counts);
    report.add("changes_not_listed", value::count(not_listed), "Not listed");
    report.add("changes", change_rows(diff.listed));
    return report;
}

output::report_views seed_apply_report(const std::string& book, std::int64_t entries,
                                       const db::price_book_counts& counts, bool quiet) {
    output::report_views views(counts_report(book, entries, false, counts));
    if (quiet && counts.inserted == 0 && counts.updated == 0) views.nothing_for_people();
    return views;
}

failure invalid_input(const std::string& what, const std::vector<std::string>& problems) {
    auto message = fmt::format("{}: {} problem{}; nothing was written", what, problems.size(),
                               problems.size() == 1 ? "" : "s");
    for (const auto& problem : problems) message += "\n  " + output::escape_for_terminal(problem);
    return failure(exit_code::invalid_input, message, "fix them and run the command again");
}

}  // namespace chatcost::reports
