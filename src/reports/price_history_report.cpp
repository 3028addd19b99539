#include "reports/price_history_report.hpp"

#include "reports/price_tiers_view.hpp"

namespace chatcost::reports {

namespace {

using output::value;

value history(const std::string& provider, const std::string& model,
              const std::vector<db::price_period>& periods, bool for_people) {
    std::vector<output::column> columns{"valid_from", "valid_until", "source"};
    for (auto which : cost::all_categories) columns.emplace_back(std::string(cost::price_book_column(which)));
    for (auto name : {"reasoning_price", "tiers", "note", "messages"}) columns.emplace_back(name);
    auto rows = value::rows(std::move(columns));
    for (const auto& period : periods) {
        auto item = value::object();
        item.add("valid_from", value::timestamp(period.valid_from));
        item.add("valid_until", for_people && !period.valid_until ? value::text("in force")
                                                                  : value::timestamp(period.valid_until));
        item.add("source", value::text(period.source));
        for (auto which : cost::all_categories) {
            item.add(std::string(cost::price_book_column(which)), value::price(period.prices[which]));
        }
        item.add("reasoning_price", value::price(period.reasoning_price));
        if (for_people) {
            item.add("tiers",
                     period.tiers.empty() ? value::null() : value::text(tiers_summary(period.tiers)));
        } else {
            item.add("tiers", tiers_value(period.tiers));
        }
        item.add("note", value::text(period.note));
        item.add("messages", value::count(period.messages));
        rows.append(std::move(item));
    }
    auto report = value::object({{"provider", value::text(provider)}, {"model", value::text(model)}});
    report.add("periods", std::move(rows),
               "Price periods (USD per 1M tokens; messages: how many each priced)");
    return report;
}

}  // namespace

output::report_views price_history_report(const std::string& provider, const std::string& model,
                                          const std::vector<db::price_period>& periods) {
    output::report_views views(history(provider, model, periods, false));
    views.for_people(history(provider, model, periods, true));
    return views;
}

output::report_views custom_price_set_report(const std::string& provider, const std::string& model,
                                             const std::string& effective_from, bool changed) {
    auto report = value::object({{"provider", value::text(provider)}, {"model", value::text(model)}});
    report.add("source", value::text("custom"));
    report.add("effective_from", value::timestamp(effective_from), "Effective from");
    report.add("changed", value::boolean(changed), "Changed (false: that price was already in force)");
    return output::report_views(std::move(report));
}

output::report_views custom_price_unset_report(const std::string& provider, const std::string& model,
                                               const std::string& effective_from, db::unset_outcome outcome) {
    auto report = value::object({{"provider", value::text(provider)}, {"model", value::text(model)}});
    report.add("custom_until", value::timestamp(effective_from), "Custom price until");
    report.add("in_force", value::text(outcome == db::unset_outcome::default_in_force ? "default" : "none"),
               "In force now");
    return output::report_views(std::move(report));
}

}  // namespace chatcost::reports
