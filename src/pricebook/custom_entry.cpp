#include "pricebook/custom_entry.hpp"

#include <fmt/format.h>

#include "pricebook/price_book_writer.hpp"

namespace chatcost::pricebook {

namespace {

// price::units() counts 1e-12 USD per 1M tokens; the book counts 1e-6.
constexpr std::int64_t units_per_micro = 1'000'000;

}  // namespace

custom_entry_reading custom_entry(const custom_price& price) {
    custom_entry_reading out;
    auto micros = [&](const std::optional<cost::price>& value,
                      const std::string& what) -> std::optional<std::int64_t> {
        if (!value) return std::nullopt;
        if (value->units() % units_per_micro != 0) {
            out.problems.push_back(
                fmt::format("{}: ${}/M is finer than the book holds (a micro-dollar per 1M "
                            "tokens, 6 decimal places)",
                            what, value->to_string()));
        }
        return value->units() / units_per_micro;
    };
    price_book_entry entry{price.provider, price.model, {}, {}, {}};
    for (auto which : cost::all_categories) {
        entry.prices[which] = micros(price.prices[which], std::string(cost::price_book_column(which)));
    }
    entry.reasoning_price = micros(price.reasoning, "reasoning_price");
    for (const auto& tier : price.tiers) {
        price_book_tier book_tier{tier.size, {}, {}};
        const auto where = fmt::format("tier {}", tier.size);
        for (auto which : cost::all_categories) {
            book_tier.prices[which] =
                micros(tier.prices[which], fmt::format("{} {}", where, cost::price_book_column(which)));
        }
        book_tier.reasoning_price = micros(tier.reasoning, where + " reasoning_price");
        entry.tiers.push_back(book_tier);
    }
    if (!out.problems.empty()) return out;
    // Written as a seed file would hold it and read back: every rule of read_price_book applies.
    const price_book_entry entries[] = {entry};
    auto text = write_price_book(entries, book_layout::compact);
    auto reading = read_price_book(text);
    for (const auto& problem : reading.problems) {
        out.problems.push_back(problem.field.empty() ? problem.message
                                                     : problem.field + ": " + problem.message);
    }
    if (out.problems.empty()) out.book_json = std::move(text);
    return out;
}

}  // namespace chatcost::pricebook
