#include "reports/seed_report.hpp"

#include <fmt/format.h>

#include "output/display.hpp"
#include "reports/price_tiers_view.hpp"

namespace chatcost::reports {

namespace {

using output::value;

// One row per price that would change: provider, model, insert|update, which price, old, new.
// The reasoning price and the tiers are rows too, when they change (for a new entry: when it has
// them). For people, a tier list is one line (tiers_summary) and "none" stands for no reasoning
// price or no tiers; JSON and CSV carry the reasoning price as an integer or null and the tiers as
// a list ([] for none), with old null for a new entry as for every price.
value change_rows(const std::vector<db::price_book_change>& changes, bool for_people) {
    auto rows = value::rows({"provider", "model", "action", "price", "old", "new"});
    auto add_row = [&](const db::price_book_change& change, std::string_view price, value old_value,
                       value new_value) {
        rows.append(value::object({
            {"provider", value::text(change.provider)},
            {"model", value::text(change.model)},
            {"action", value::text(change.old_prices ? "update" : "insert")},
            {"price", value::text(price)},
            {"old", change.old_prices ? std::move(old_value) : value::null()},
            {"new", std::move(new_value)},
        }));
    };
    auto reasoning = [&](const std::optional<std::int64_t>& price) {
        return for_people && !price ? value::text("none") : value::price(price);
    };
    auto tiers = [&](const db::book_tiers& list) {
        if (!for_people) return tiers_value(list);
        return value::text(list.empty() ? "none" : tiers_summary(list));
    };
    for (const auto& change : changes) {
        for (auto which : cost::all_categories) {
            const auto& now = change.new_prices[which];
            if (change.old_prices && (*change.old_prices)[which] == now) continue;
            add_row(change, cost::price_book_column(which),
                    change.old_prices ? value::price((*change.old_prices)[which]) : value::null(),
                    value::price(now));
        }
        if (change.old_prices ? change.old_reasoning != change.new_reasoning
                              : change.new_reasoning.has_value()) {
            add_row(change, "reasoning_price", reasoning(change.old_reasoning),
                    reasoning(change.new_reasoning));
        }
        if (change.old_prices ? change.tiers_changed : !change.new_tiers.empty()) {
            add_row(change, "tiers", tiers(change.old_tiers), tiers(change.new_tiers));
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

output::report_views seed_dry_run_report(const std::string& book, std::int64_t entries,
                                         const db::price_book_diff& diff) {
    const db::price_book_counts counts{diff.inserted, diff.updated, entries - diff.inserted - diff.updated};
    const auto not_listed = diff.inserted + diff.updated - static_cast<std::int64_t>(diff.listed.size());
    auto report = [&](bool for_people) {
        auto out = counts_report(book, entries, true, counts);
        out.add("changes_not_listed", value::count(not_listed), "Not listed");
        out.add("changes", change_rows(diff.listed, for_people));
        // Additive (issue 16): the entries whose default price a custom price keeps out of force.
        auto shadowed = value::rows({"provider", "model", "custom_from", "note"});
        for (const auto& entry : diff.shadowed) {
            shadowed.append(value::object({{"provider", value::text(entry.provider)},
                                           {"model", value::text(entry.model)},
                                           {"custom_from", value::timestamp(entry.custom_from)},
                                           {"note", value::text(entry.note)}}));
        }
        out.add("shadowed_by_custom", std::move(shadowed),
                "Shadowed by a custom price (recorded, not in force)");
        return out;
    };
    output::report_views views(report(false));
    views.for_people(report(true));
    return views;
}

output::report_views seed_apply_report(const std::string& book, std::int64_t entries,
                                       const db::price_book_counts& counts, bool quiet,
                                       const std::optional<std::string>& effective_from) {
    auto report = counts_report(book, entries, false, counts);
    if (effective_from) report.add("effective_from", value::timestamp(*effective_from), "Effective from");
    output::report_views views(std::move(report));
    if (quiet && counts.inserted == 0 && counts.updated == 0) views.nothing_for_people();
    return views;
}

void log_model_notes(output::logger& log, std::span<const model_notes> kinds) {
    for (const auto& kind : kinds) {
        for (const auto& line : kind.lines) log.verbose(fmt::format("{}{}", kind.line_prefix, line));
    }
    for (const auto& kind : kinds) {
        if (kind.lines.empty()) continue;
        const bool one = kind.lines.size() == 1;
        auto count = fmt::format("{} {} (-v lists {})", kind.lines.size(),
                                 one ? kind.counted_one : kind.counted, one ? "it" : "them");
        kind.warning ? log.warn(count) : log.info(count);
    }
}

failure invalid_input(const std::string& what, const std::vector<std::string>& problems) {
    auto message = fmt::format("{}: {} problem{}; nothing was written", what, problems.size(),
                               problems.size() == 1 ? "" : "s");
    for (const auto& problem : problems) message += "\n  " + output::escape_for_terminal(problem);
    return failure(exit_code::invalid_input, message, "fix them and run the command again");
}

}  // namespace chatcost::reports
