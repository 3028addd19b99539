// A book row's tiers as the reports show them: one line for people, a list for JSON and CSV.

#include <doctest/doctest.h>

#include "output/render.hpp"
#include "reports/price_tiers_view.hpp"

using namespace chatcost;

namespace {

cost::price_book_tier tier(std::int64_t size, cost::per_category<std::optional<std::int64_t>> prices,
                           std::optional<std::int64_t> reasoning = std::nullopt) {
    return {size, prices, reasoning};
}

}  // namespace

TEST_CASE("tiers summary: the context above which, then input/output/cache read/cache write") {
    CHECK(reports::tiers_summary({}) == "");
    CHECK(reports::tiers_summary({tier(272'000, {5'000'000, 22'500'000, 500'000, std::nullopt})}) ==
          ">272k: $5.00/$22.50/$0.50");
    // "-" for an inherited price inside; trailing inherited ones left out; a size that is not a
    // round thousand in full; the tier's reasoning price after its prices.
    CHECK(reports::tiers_summary({tier(2'500, {75'000}),
                                  tier(131'072, {std::nullopt, 1'000'000, std::nullopt, 6'250'000}),
                                  tier(1'000'000, {}, 40'000'000)}) ==
          ">2,500: $0.075; >131,072: -/$1.00/-/$6.25; >1M: - reasoning $40.00");
}

TEST_CASE("tiers value: every key in every tier, null inheriting, [] without tiers") {
    CHECK(output::to_compact_json(reports::tiers_value({})) == "[]");
    CHECK(output::to_compact_json(
              reports::tiers_value({tier(272'000, {5'000'000, std::nullopt, 0, std::nullopt}, 30)})) ==
          R"([{"size":272000,"input_price":5000000,"output_price":null,"cache_read_price":0,)"
          R"("cache_write_price":null,"reasoning_price":30}])");
}
