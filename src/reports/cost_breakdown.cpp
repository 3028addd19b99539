#include "reports/cost_breakdown.hpp"

namespace chatcost::reports {

namespace {

using output::value;

value price_text(const std::optional<cost::price>& unit_price) {
    return value::decimal(unit_price ? std::optional(unit_price->to_string()) : std::nullopt);
}

// The exact product is known only for categories that were counted (tokens and a price).
value exact_product(const cost::cost_result& result, cost::category which) {
    const auto* priced = result.priced();
    if (!priced || !priced->lines[which].counted()) return value::decimal(std::nullopt);
    return value::decimal(priced->lines[which].exact_text());
}

value category_rows(const cost::token_usage& usage, const cost::price_set& prices,
                    const price_origins& origins, const cost::cost_result& result) {
    auto rows = value::rows({"category",
                             {"tokens", "Tokens"},
                             {"price_usd_per_million", "USD per 1M"},
                             {"price_source", "Price from"},
                             {"exact_cost_micros", "Exact cost (micro-USD)"}});
    for (auto which : cost::all_categories) {
        rows.append(value::object({
            {"category", value::text(std::string(category_name(which)))},
            {"tokens", value::tokens(cost::tokens_for(usage, which))},
            {"price_usd_per_million", price_text(prices[which])},
            {"price_source",
             value::text(origins[which].empty() ? std::nullopt : std::optional(origins[which]))},
            {"exact_cost_micros", exact_product(result, which)},
        }));
    }
    return rows;
}

std::string_view status_of(const cost::cost_result& result) {
    if (result.priced()) return "priced";
    if (result.unpriced()) return "unpriced";
    return "invalid";
}

}  // namespace

std::string_view category_name(cost::category which) {
    switch (which) {
        case cost::category::input:
            return "input";
        case cost::category::output:
            return "output";
        case cost::category::cache_read:
            return "cache_read";
        case cost::category::cache_write:
            return "cache_write";
    }
    return "";
}

output::value cost_breakdown(const cost::token_usage& usage, const cost::price_set& prices,
                             const price_origins& origins, const cost::cost_result& result) {
    const auto* priced = result.priced();
    const auto* unpriced = result.unpriced();
    auto report = value::object();
    report.add("status", value::text(std::string(status_of(result))));
    report.add("total_cost_micros", value::money(result.micros()), "Total cost");
    report.add("exact_total_micros",
               value::decimal(priced ? std::optional(priced->exact_text()) : std::nullopt),
               "Exact total (micro-USD)");
    report.add(
        "unpriced_reason",
        value::text(unpriced ? std::optional(std::string(cost::name(unpriced->reason))) : std::nullopt));
    report.add("reasoning_tokens", value::tokens(usage.reasoning), "Reasoning tokens (inside output)");
    report.add("categories", category_rows(usage, prices, origins, result));
    return report;
}

}  // namespace chatcost::reports
