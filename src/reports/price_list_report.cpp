#include "reports/price_list_report.hpp"

namespace chatcost::reports {

namespace {

using output::value;

value price_list(const std::vector<db::stored_price>& stored, bool with_created) {
    std::vector<output::column> columns{
        "provider",          "model",     "input_price", "output_price", "cache_read_price",
        "cache_write_price", "updated_at"};
    if (with_created) columns.emplace_back("created_at");
    auto rows = value::rows(std::move(columns));
    for (const auto& row : stored) {
        auto item = value::object();
        item.add("provider", value::text(row.provider));
        item.add("model", value::text(row.model));
        for (auto which : cost::all_categories) {
            item.add(std::string(cost::price_book_column(which)), value::price(row.prices[which]));
        }
        item.add("updated_at", value::timestamp(row.updated_at));
        if (with_created) item.add("created_at", value::timestamp(row.created_at));
        rows.append(std::move(item));
    }
    auto report = value::object();
    report.add("count", value::count(static_cast<std::int64_t>(stored.size())), "Prices");
    report.add("prices", std::move(rows), "Price book (USD per 1M tokens)");
    return report;
}

}  // namespace

output::report_views price_list_report(const std::vector<db::stored_price>& stored) {
    output::report_views views(price_list(stored, true));
    views.for_people(price_list(stored, false));
    return views;
}

}  // namespace chatcost::reports
