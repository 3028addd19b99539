#include "reports/custom_price_flags.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "reports/estimate_prices.hpp"
#include "util/failure.hpp"

namespace chatcost::reports {

custom_prices parse_custom_price_flags(const custom_price_flags& flags) {
    custom_prices out;
    std::vector<std::string> problems;
    auto take = [&](const std::optional<std::string>& text, std::string_view flag,
                    std::optional<cost::price>& target) {
        if (!text) return;
        auto parsed = cost::parse_price(*text);
        if (parsed) {
            target = parsed.value();
        } else {
            problems.push_back(fmt::format("{}: {}", flag, parsed.error()));
        }
    };
    for (auto which : cost::all_categories) take(flags.prices[which], price_flag(which), out.prices[which]);
    take(flags.reasoning, "--reasoning-price", out.reasoning);
    for (const auto& spec : flags.tiers) {
        auto parsed = parse_context_tiers(spec);
        if (!parsed) {
            problems.push_back("--tier: " + parsed.error());
            continue;
        }
        for (const auto& tier : parsed.value()) {
            if (std::any_of(out.tiers.begin(), out.tiers.end(),
                            [&](const auto& other) { return other.size == tier.size; })) {
                problems.push_back(fmt::format("--tier: two tiers have the size {}", tier.size));
            }
            out.tiers.push_back(tier);
        }
    }
    if (problems.empty()) return out;
    std::string joined;
    for (const auto& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
    throw failure(
        exit_code::usage, "invalid price: " + joined,
        "prices are USD per 1M tokens, written like 3, 0.075 or 1.25e-1; a tier is "
        "SIZE:INPUT,OUTPUT,CACHE_READ,CACHE_WRITE,REASONING or SIZE:NAME=USD,..., e.g. 272000:5,22.5,0.5");
}

}  // namespace chatcost::reports
