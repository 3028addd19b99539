// The price book's tiers as the queries return them: a 2-D bigint array read back into tiers,
// NULL for an inherited price, and any other shape refused by name.

#include <doctest/doctest.h>

#include <stdexcept>

#include "ledger/price_book_tiers.hpp"

using namespace chatcost;
using chatcost::db::parse_book_tiers;

TEST_CASE("price book tiers: rows of size and five prices, NULL inheriting") {
    auto tiers =
        parse_book_tiers("{{272000,5000000,22500000,500000,NULL,NULL},{1000000,NULL,NULL,NULL,0,40000000}}");
    REQUIRE(tiers.size() == 2);
    CHECK(tiers[0].size == 272'000);
    CHECK(tiers[0].micros_per_million.input == 5'000'000);
    CHECK(tiers[0].micros_per_million.output == 22'500'000);
    CHECK(tiers[0].micros_per_million.cache_read == 500'000);
    CHECK_FALSE(tiers[0].micros_per_million.cache_write.has_value());
    CHECK_FALSE(tiers[0].reasoning_micros_per_million.has_value());
    CHECK(tiers[1].size == 1'000'000);
    CHECK_FALSE(tiers[1].micros_per_million.input.has_value());
    CHECK(tiers[1].micros_per_million.cache_write == 0);  // free, not inherited
    CHECK(tiers[1].reasoning_micros_per_million == 40'000'000);

    auto largest = parse_book_tiers("{{9223372036854775807,9223372036854775807,NULL,NULL,NULL,NULL}}");
    REQUIRE(largest.size() == 1);
    CHECK(largest[0].size == 9'223'372'036'854'775'807);
    CHECK(parse_book_tiers("{}").empty());
}

TEST_CASE("price book tiers: another shape is a query out of step with its reader") {
    for (const char* text :
         {"{1,2,3,4,5,6}", "{{1,2,3,4,5}}", "{{1,2,3,4,5,6,7}}", "{{{1,2,3,4,5,6}}}", "{{NULL,1,2,3,4,5}}",
          "{{1.5,1,2,3,4,5}}", "{{abc,1,2,3,4,5}}", "{{9223372036854775808,1,2,3,4,5}}"}) {
        CAPTURE(text);
        CHECK_THROWS_AS(parse_book_tiers(text), std::invalid_argument);
    }
}
