#include "reports/price_tiers_view.hpp"

#include <vector>

#include <fmt/format.h>

#include "output/display.hpp"

namespace chatcost::reports {

namespace {

using output::value;

// 272000 -> "272k", 1000000 -> "1M", 131072 -> "131,072": the sizes in use are round thousands.
std::string size_text(std::int64_t size) {
    if (size > 0 && size % 1'000'000 == 0) return output::format_count(size / 1'000'000) + "M";
    if (size > 0 && size % 1'000 == 0) return output::format_count(size / 1'000) + "k";
    return output::format_count(size);
}

}  // namespace

value tiers_value(const db::book_tiers& tiers) {
    auto list = value::array();
    for (const auto& tier : tiers) {
        auto item = value::object();
        item.add("size", value::tokens(tier.size));
        for (auto which : cost::all_categories) {
            item.add(std::string(cost::price_book_column(which)),
                     value::price(tier.micros_per_million[which]));
        }
        item.add("reasoning_price", value::price(tier.reasoning_micros_per_million));
        list.append(std::move(item));
    }
    return list;
}

std::string tiers_summary(const db::book_tiers& tiers) {
    std::string text;
    for (const auto& tier : tiers) {
        std::vector<std::string> prices;
        for (auto which : cost::all_categories) {
            const auto& price = tier.micros_per_million[which];
            prices.push_back(price ? output::format_price(price) : "-");
        }
        while (!prices.empty() && prices.back() == "-") prices.pop_back();
        if (!text.empty()) text += "; ";
        text += fmt::format(">{}: {}", size_text(tier.size),
                            prices.empty() ? "-" : fmt::format("{}", fmt::join(prices, "/")));
        if (tier.reasoning_micros_per_million) {
            text += " reasoning " + output::format_price(tier.reasoning_micros_per_million);
        }
    }
    return text;
}

}  // namespace chatcost::reports
