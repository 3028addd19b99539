#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "pricebook/embedded_book.hpp"
#include "pricebook/price_book_reader.hpp"
#include "pricebook/price_book_writer.hpp"

using namespace chatcost::pricebook;

namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot read " << path.string());
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

}  // namespace

TEST_CASE("the embedded book is the committed file, valid and already in the writer's form") {
    auto committed = slurp(std::filesystem::path(CHATCOST_SOURCE_ROOT) / "seed" / "ai_model_prices.json");
    CHECK(embedded_price_book_text() == committed);
    auto reading = read_price_book(committed);
    REQUIRE(reading.ok());
    CHECK(write_price_book(reading.entries) == committed);
    CHECK(embedded_book_entries().size() == reading.entries.size());
}

TEST_CASE("find_in_embedded_book looks a model up without a database") {
    auto sonnet = find_in_embedded_book("anthropic", "claude-sonnet-4-20250514");
    REQUIRE(sonnet);
    CHECK(sonnet->prices.input == 3'000'000);
    CHECK(sonnet->prices.output == 15'000'000);
    CHECK(sonnet->prices.cache_read == 300'000);
    CHECK(sonnet->prices.cache_write == 3'750'000);
    auto gpt = find_in_embedded_book("openai", "gpt-4o");
    REQUIRE(gpt);
    CHECK_FALSE(gpt->prices.cache_write.has_value());
    CHECK_FALSE(find_in_embedded_book("openai", "gpt-4o-").has_value());
    CHECK_FALSE(find_in_embedded_book("anthropic", "gpt-4o").has_value());
    CHECK_FALSE(find_in_embedded_book("", "").has_value());
    CHECK_FALSE(find_in_embedded_book("zzz", "zzz").has_value());
}

TEST_CASE("the embedded book carries the 2026-07 catalogue's tiers, with their exact thresholds") {
    auto gpt = find_in_embedded_book("openai", "gpt-5.4");
    REQUIRE(gpt);
    CHECK(gpt->prices.input == 2'500'000);
    CHECK(gpt->prices.output == 15'000'000);
    CHECK(gpt->prices.cache_read == 250'000);
    CHECK(gpt->tiers ==
          std::vector<price_book_tier>{
              {272'000, {.input = 5'000'000, .output = 22'500'000, .cache_read = 500'000}, {}}});
    auto gemini = find_in_embedded_book("google", "gemini-2.5-pro");
    REQUIRE(gemini);
    CHECK(gemini->tiers ==
          std::vector<price_book_tier>{
              {200'000, {.input = 2'500'000, .output = 15'000'000, .cache_read = 250'000}, {}}});
    // The catalogue lists no reasoning price for it (nor for any anthropic, openai or google
    // model): its reasoning tokens are priced as output.
    CHECK_FALSE(gpt->reasoning_price.has_value());
    auto flat = find_in_embedded_book("anthropic", "claude-sonnet-4-20250514");
    REQUIRE(flat);
    CHECK(flat->tiers.empty());
}
