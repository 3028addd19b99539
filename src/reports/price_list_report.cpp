#include "reports/price_list_report.hpp"

#include "reports/price_tiers_view.hpp"

namespace chatcost::reports {

namespace {

using output::value;

// JSON and CSV: every column, reasoning_price and tiers after the first ones, so that the
// columns scripts knew keep their places. Tables: no created_at, the reasoning price ("-": priced
// as output) and the tiers in one line, last, as the widest and most often empty column.
value price_list(const std::vector<db::stored_price>& stored, const std::optional<std::string>& at,
                 bool for_people) {
    std::vector<output::column> columns{"provider", "model"};
    if (for_people) columns.emplace_back("source");
    for (auto name : {"input_price", "output_price", "cache_read_price", "cache_write_price"}) {
        columns.emplace_back(name);
    }
    if (for_people) {
        columns.emplace_back("reasoning_price");
        columns.emplace_back("updated_at");
        columns.emplace_back("tiers", "Tiers (input/output/cache read/cache write)");
    } else {
        columns.emplace_back("updated_at");
        columns.emplace_back("created_at");
        columns.emplace_back("reasoning_price");
        columns.emplace_back("tiers");
        columns.emplace_back("source");  // last: added by the price history (issue 16)
    }
    auto rows = value::rows(std::move(columns));
    for (const auto& row : stored) {
        auto item = value::object();
        item.add("provider", value::text(row.provider));
        item.add("model", value::text(row.model));
        if (for_people) item.add("source", value::text(row.source));
        for (auto which : cost::all_categories) {
            item.add(std::string(cost::price_book_column(which)), value::price(row.prices[which]));
        }
        if (for_people) {
            item.add("reasoning_price",
                     row.reasoning_price ? value::price(row.reasoning_price) : value::null());
            item.add("updated_at", value::timestamp(row.updated_at));
            item.add("tiers", row.tiers.empty() ? value::null() : value::text(tiers_summary(row.tiers)));
        } else {
            item.add("updated_at", value::timestamp(row.updated_at));
            item.add("created_at", value::timestamp(row.created_at));
            item.add("reasoning_price", value::price(row.reasoning_price));
            item.add("tiers", tiers_value(row.tiers));
            item.add("source", value::text(row.source));
        }
        rows.append(std::move(item));
    }
    auto report = value::object();
    if (at) report.add("at", value::timestamp(*at), "As at");
    report.add("count", value::count(static_cast<std::int64_t>(stored.size())), "Prices");
    report.add("prices", std::move(rows), "Price book (USD per 1M tokens)");
    return report;
}

}  // namespace

output::report_views price_list_report(const std::vector<db::stored_price>& stored,
                                       const std::optional<std::string>& at) {
    output::report_views views(price_list(stored, at, false));
    views.for_people(price_list(stored, at, true));
    return views;
}

}  // namespace chatcost::reports
