#include <doctest/doctest.h>

#include <algorithm>

#include "pricebook/price_book_reader.hpp"
#include "pricebook/price_book_writer.hpp"

using namespace chatcost::pricebook;

namespace {

price_book_entry entry(std::string provider, std::string model, std::optional<std::int64_t> input,
                       std::optional<std::int64_t> output, std::optional<std::int64_t> cache_read,
                       std::optional<std::int64_t> cache_write) {
    price_book_entry e;
    e.provider = std::move(provider);
    e.model = std::move(model);
    e.prices.input = input;
    e.prices.output = output;
    e.prices.cache_read = cache_read;
    e.prices.cache_write = cache_write;
    return e;
}

}  // namespace

TEST_CASE("a book is written sorted, six keys in order, 2-space indent, final newline") {
    price_book book{
        entry("openai", "gpt-4o", 2'500'000, 10'000'000, 1'250'000, std::nullopt),
        entry("anthropic", "claude-3-haiku-20240307", 250'000, 1'250'000, 30'000, 300'000),
    };
    CHECK(write_price_book(book) == R"([
  {
    "provider": "anthropic",
    "model": "claude-3-haiku-20240307",
    "input_price": 250000,
    "output_price": 1250000,
    "cache_read_price": 30000,
    "cache_write_price": 300000
  },
  {
    "provider": "openai",
    "model": "gpt-4o",
    "input_price": 2500000,
    "output_price": 10000000,
    "cache_read_price": 1250000,
    "cache_write_price": null
  }
]
)");
}

TEST_CASE("the compact layout is one line with the same content") {
    price_book book{entry("p", "m", 0, std::nullopt, 1, 2)};
    CHECK(
        write_price_book(book, book_layout::compact) ==
        R"([{"provider":"p","model":"m","input_price":0,"output_price":null,"cache_read_price":1,"cache_write_price":2}])");
    CHECK(write_price_book({}, book_layout::compact) == "[]");
    CHECK(write_price_book({}) == "[]\n");
}

TEST_CASE("the order is bytewise by provider then model, whatever the input order") {
    price_book book{entry("b", "a", 1, 1, 1, 1), entry("a", "b", 1, 1, 1, 1), entry("a", "B", 1, 1, 1, 1),
                    entry("a", "a/b", 1, 1, 1, 1)};
    auto reversed = book;
    std::reverse(reversed.begin(), reversed.end());
    CHECK(write_price_book(book) == write_price_book(reversed));
    auto read = read_price_book(write_price_book(book));
    REQUIRE(read.ok());
    REQUIRE(read.entries.size() == 4);
    CHECK(read.entries[0].model == "B");
    CHECK(read.entries[1].model == "a/b");
    CHECK(read.entries[2].model == "b");
    CHECK(read.entries[3].provider == "b");
}

TEST_CASE("strings are escaped only where JSON needs it, and read back the same") {
    CHECK(json_string("a\"b\\c") == R"("a\"b\\c")");
    CHECK(json_string("tab\there\nnew\x01") == R"("tab\there\nnew\u0001")");
    CHECK(json_string("modèle/ü:1.0") == "\"modèle/ü:1.0\"");
    price_book book{entry("we\"ird", "line\nbreak\x7f", 1, 2, 3, 4)};
    auto read = read_price_book(write_price_book(book));
    REQUIRE(read.ok());
    CHECK(read.entries == book);
}

namespace {

price_book_entry tiered_entry() {
    auto e = entry("openai", "gpt-5.4", 2'500'000, 15'000'000, 250'000, std::nullopt);
    e.reasoning_price = 20'000'000;
    // Out of order on purpose: the writer sorts them.
    e.tiers = {
        price_book_tier{512'000, {}, 40'000'000},
        price_book_tier{272'000, {.input = 5'000'000, .output = 22'500'000, .cache_read = 500'000}, {}}};
    return e;
}

}  // namespace

TEST_CASE("reasoning_price and tiers are written only when set: a flat entry's bytes do not change") {
    auto flat = entry("p", "m", 1, 2, 3, 4);
    flat.reasoning_price = std::nullopt;
    flat.tiers = {};
    CHECK(
        write_price_book(price_book{flat}, book_layout::compact) ==
        R"([{"provider":"p","model":"m","input_price":1,"output_price":2,"cache_read_price":3,"cache_write_price":4}])");
}

TEST_CASE("tiers by increasing size, one a line: size first, then only the prices the tier sets") {
    CHECK(write_price_book(price_book{tiered_entry()}) == R"([
  {
    "provider": "openai",
    "model": "gpt-5.4",
    "input_price": 2500000,
    "output_price": 15000000,
    "cache_read_price": 250000,
    "cache_write_price": null,
    "reasoning_price": 20000000,
    "tiers": [
      {"size": 272000, "input_price": 5000000, "output_price": 22500000, "cache_read_price": 500000},
      {"size": 512000, "reasoning_price": 40000000}
    ]
  }
]
)");
    CHECK(write_price_book(price_book{tiered_entry()}, book_layout::compact) ==
          R"([{"provider":"openai","model":"gpt-5.4","input_price":2500000,"output_price":15000000,)"
          R"("cache_read_price":250000,"cache_write_price":null,"reasoning_price":20000000,"tiers":[)"
          R"({"size":272000,"input_price":5000000,"output_price":22500000,"cache_read_price":500000},)"
          R"({"size":512000,"reasoning_price":40000000}]}])");
    // A reasoning price alone, and a zero price (free) that is written, not left out.
    auto reasoning_only = entry("p", "m", 1, 2, std::nullopt, std::nullopt);
    reasoning_only.reasoning_price = 0;
    reasoning_only.tiers = {price_book_tier{
        10,
        {.input = std::nullopt, .output = std::nullopt, .cache_read = std::nullopt, .cache_write = 0},
        {}}};
    CHECK(write_price_book(price_book{reasoning_only}, book_layout::compact) ==
          R"([{"provider":"p","model":"m","input_price":1,"output_price":2,"cache_read_price":null,)"
          R"("cache_write_price":null,"reasoning_price":0,"tiers":[{"size":10,"cache_write_price":0}]}])");
}

TEST_CASE("an entry with tiers and a reasoning price reads back the same, from both layouts") {
    auto written = tiered_entry();
    auto expected = written;
    std::swap(expected.tiers[0], expected.tiers[1]);  // read back by increasing size
    for (auto layout : {book_layout::file, book_layout::compact}) {
        auto text = write_price_book(price_book{written, entry("a", "flat", 1, 2, 3, 4)}, layout);
        auto read = read_price_book(text);
        REQUIRE(read.ok());
        REQUIRE(read.entries.size() == 2);
        CHECK(read.entries[0] == entry("a", "flat", 1, 2, 3, 4));
        CHECK(read.entries[1] == expected);
        CHECK(write_price_book(read.entries, layout) == text);
    }
}
