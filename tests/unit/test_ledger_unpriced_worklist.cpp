// src/ledger/unpriced_worklist.cpp's pure parts (the prices set command, the key an error
// names) and reports/unpriced_report's wrapping of long lines for people.

#include <doctest/doctest.h>

#include "ledger/unpriced_worklist.hpp"
#include "reports/unpriced_report.hpp"

using namespace chatcost;

TEST_CASE("the prices set command carries exact dollars, the reasoning price and the tiers") {
    db::catalogue_price price{"anthropic", "claude-sonnet-4", {}, 40000000, {}};
    price.prices[cost::category::input] = 3000000;
    price.prices[cost::category::output] = 15000000;
    price.prices[cost::category::cache_read] = 300000;
    cost::price_book_tier tier{200000, {}, std::nullopt};
    tier.micros_per_million[cost::category::input] = 6000000;
    tier.micros_per_million[cost::category::output] = 22500000;
    price.tiers.push_back(tier);
    CHECK(db::prices_set_command("Anthropic", "Claude Sonnet's", price) ==
          "chatcost prices set 'Anthropic/Claude Sonnet'\\''s' --input-price 3 --output-price 15 "
          "--cache-read-price 0.3 --reasoning-price 40 --tier 200000:6,22.5");
}

TEST_CASE("the place a resolution error names") {
    CHECK(db::invalid_config_key("config 7: input_price_per_million_tokens: \"abc\" is not a decimal number",
                                 "7") == "input_price_per_million_tokens");
    CHECK(db::invalid_config_key("config 7: cost.tiers[0].input: \"x\" is not a decimal number", "7") ==
          "cost.tiers[0].input");
    CHECK(db::invalid_config_key("something else", "7") == std::nullopt);
}

TEST_CASE("long lines wrap at spaces; a shell command keeps pasting") {
    auto lines = reports::wrap_words("chatcost prices set a/b --input-price 3 --output-price 15", 30, true);
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == "chatcost prices set a/b \\");
    CHECK(lines[1] == "  --input-price 3 \\");
    CHECK(lines[2] == "  --output-price 15");
    for (const auto& line : lines) CHECK(line.size() <= 30);
    CHECK(reports::wrap_words("short", 30, false) == std::vector<std::string>{"short"});
}
