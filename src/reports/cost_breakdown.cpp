#include "reports/cost_breakdown.hpp"

namespace chatcost::reports {

namespace {

using output::value;

value price_text(const std::optional<cost::price>& unit_price) {
    return value::decimal(unit_price ? std::optional(unit_price->to_string()) : std::nullopt);
}

value optional_text(const std::string& text) {
    return value::text(text.empty() ? std::nullopt : std::optional(text));
}

std::string_view status_of(const cost::cost_result& result) {
    if (result.priced()) return "priced";
    if (result.unpriced()) return "unpriced";
    return "invalid";
}

// What the rows are made from: the level that applies to this usage, and the usage as priced.
struct breakdown_input {
    const cost::token_usage& usage;
    const cost::price_level& level;
    const price_origins& origins;
    const cost::priced_cost* priced;  // nullptr unless the result is priced
    bool split = false;               // reasoning at its own price (rule 9)
    bool usable = false;              // the usage passed check_usage: reasoning <= output, bounds
    const std::vector<cost::invalid_config_price>* invalid_prices = nullptr;  // explain's, or none
    bool for_people = false;
};

// The text as stored of the config's base price of `line` when it does not read.
std::optional<std::string> raw_price_text(const breakdown_input& in, cost::priced_line line) {
    if (!in.invalid_prices) return std::nullopt;
    for (const auto& invalid : *in.invalid_prices) {
        if (invalid.base_category && cost::line_of(*invalid.base_category) == line) return invalid.raw_text;
    }
    return std::nullopt;
}

// "base", "tier", or "inherited": a tier applies but leaves this price to the base (rule 8).
std::string_view level_of(const cost::price_level& level, cost::priced_line line) {
    if (!level.is_tier()) return "base";
    return level.is_inherited(line) ? "inherited" : "tier";
}

value row(const breakdown_input& in, std::string_view name, cost::priced_line line,
          const std::optional<std::int64_t>& tokens, const cost::cost_line* priced_line,
          const std::string& base_origin) {
    auto unit_price = in.level.price_of(line);
    const std::string& origin =
        in.level.is_tier() && !in.level.is_inherited(line) ? in.origins.tiers : base_origin;
    const bool counted = priced_line && priced_line->counted();
    const auto raw = raw_price_text(in, line);
    auto shown_price = in.for_people && raw ? value::text(*raw + " (invalid)") : price_text(unit_price);
    auto report = value::object({
        {"category", value::text(std::string(name))},
        {"tokens", value::tokens(priced_line ? priced_line->tokens : tokens)},
        {"price_usd_per_million", std::move(shown_price)},
        {"price_source", optional_text(unit_price ? origin : std::string())},
        {"exact_cost_micros",
         value::decimal(counted ? std::optional(priced_line->exact_text()) : std::nullopt)},
        {"price_level", value::text(std::string(level_of(in.level, line)))},
    });
    // Last, so that the CSV's columns before it stay where they were.
    if (in.invalid_prices && !in.for_people) report.add("raw_price_text", value::text(raw));
    return report;
}

value category_rows(const breakdown_input& in) {
    auto rows = value::rows({"category",
                             {"tokens", "Tokens"},
                             {"price_usd_per_million", "USD per 1M"},
                             {"price_source", "Price from"},
                             {"exact_cost_micros", "Exact cost (micro-USD)"},
                             {"price_level", "Level"}});
    for (auto which : cost::all_categories) {
        auto tokens = cost::tokens_for(in.usage, which);
        // With a reasoning price, the output row is output's own tokens: the rest is the
        // reasoning row's (check_usage made sure reasoning is not more than output).
        if (which == cost::category::output && tokens && in.split && in.usable) {
            *tokens -= in.usage.reasoning.value_or(0);
        }
        rows.append(row(in, category_name(which), cost::line_of(which), tokens,
                        in.priced ? &in.priced->lines[which] : nullptr, in.origins.categories[which]));
    }
    if (in.split) {
        rows.append(row(in, "reasoning", cost::priced_line::reasoning, in.usage.reasoning,
                        in.priced ? &in.priced->reasoning : nullptr, in.origins.reasoning));
    }
    return rows;
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

price_origins origins_of(const cost::price_resolution& resolution) {
    auto named = [](cost::price_source source) {
        return source == cost::price_source::none ? std::string() : std::string(cost::name(source));
    };
    price_origins origins;
    for (auto which : cost::all_categories) origins.categories[which] = named(resolution.origins[which]);
    origins.reasoning = named(resolution.reasoning_origin);
    if (resolution.schedule.tier_count() > 0) {
        origins.tiers = resolution.source == cost::price_source::price_book
                            ? named(cost::price_source::price_book)
                            : named(cost::price_source::config_nested);
    }
    return origins;
}

output::value cost_breakdown(const cost::token_usage& usage, const cost::price_schedule& schedule,
                             const price_origins& origins, const cost::cost_result& result,
                             const std::vector<cost::invalid_config_price>* invalid_prices,
                             report_audience audience) {
    const auto* priced = result.priced();
    const auto* unpriced = result.unpriced();
    // Invalid usage (a count out of bounds, reasoning above output) has no context to speak of:
    // its sum could even wrap. Its prices are shown at the base.
    const auto rejected = cost::check_usage(usage);
    const bool usable = !rejected || rejected->unpriced();
    const std::optional<std::int64_t> context = priced   ? std::optional(priced->context)
                                                : usable ? std::optional(cost::context_tokens(usage))
                                                         : std::nullopt;
    const auto& level = schedule.level_for(context.value_or(0));
    const breakdown_input in{usage,
                             level,
                             origins,
                             priced,
                             level.is_known(cost::priced_line::reasoning),
                             usable,
                             invalid_prices,
                             audience == report_audience::people};

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
    report.add("context_tokens", value::tokens(context), "Context (input + cache read + cache creation)");
    report.add("price_level", value::text(level.is_tier() ? "tier" : "base"), "Prices applied");
    report.add("tier_size",
               value::tokens(level.is_tier() ? std::optional(level.above_context) : std::nullopt),
               "Tier (context above)");
    report.add("tiers_source", optional_text(origins.tiers), "Tiers from");
    report.add("categories", category_rows(in));
    return report;
}

}  // namespace chatcost::reports
