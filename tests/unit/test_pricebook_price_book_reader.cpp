#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "pricebook/price_book_reader.hpp"

using namespace chatcost::pricebook;

namespace {

std::vector<std::string> problems_of(std::string_view text) {
    std::vector<std::string> lines;
    for (const auto& problem : read_price_book(text).problems) lines.push_back(problem.to_string("b.json"));
    return lines;
}

std::string one_problem(std::string_view text) {
    auto lines = problems_of(text);
    REQUIRE(lines.size() == 1);
    return lines.front();
}

// A valid entry with one member replaced: `key` set to the raw JSON `value`.
std::string entry_with(std::string_view key, std::string_view value) {
    std::string text = R"({"provider": "p", "model": "m", "input_price": 1, "output_price": 2, )"
                       R"("cache_read_price": 3, "cache_write_price": 4})";
    auto at = text.find("\"" + std::string(key) + "\"");
    auto colon = text.find(':', at);
    auto end = text.find_first_of(",}", colon);
    return text.substr(0, colon + 2) + std::string(value) + text.substr(end);
}

}  // namespace

TEST_CASE("a valid book is read in file order, nulls and zeros kept apart") {
    auto reading = read_price_book(R"([
  {"provider": "openai", "model": "gpt-4o", "input_price": 2500000, "output_price": 10000000,
   "cache_read_price": 1250000, "cache_write_price": null},
  {"provider": "chutes", "model": "Qwen/Qwen3:free", "input_price": 0, "output_price": 0,
   "cache_read_price": null, "cache_write_price": null}
])");
    REQUIRE(reading.ok());
    REQUIRE(reading.entries.size() == 2);
    CHECK(reading.entries[0].provider == "openai");
    CHECK(reading.entries[0].prices.input == 2'500'000);
    CHECK_FALSE(reading.entries[0].prices.cache_write.has_value());
    CHECK(reading.entries[1].model == "Qwen/Qwen3:free");
    CHECK(reading.entries[1].prices.input == 0);
    CHECK_FALSE(reading.entries[1].prices.cache_read.has_value());
}

TEST_CASE("keys may come in any order, and -0 is zero") {
    auto reading = read_price_book(R"([{"cache_write_price": -0, "model": "m", "provider": "p",
        "output_price": 1, "cache_read_price": null, "input_price": 9223372036854}])");
    REQUIRE(reading.ok());
    CHECK(reading.entries[0].prices.cache_write == 0);
    CHECK(reading.entries[0].prices.input == 9'223'372'036'854);
}

TEST_CASE("each bad price is named with its entry, key and place") {
    CHECK(one_problem("[" + entry_with("input_price", "-5") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: -5 is negative");
    CHECK(one_problem("[" + entry_with("output_price", "1.5") + "]") ==
          "b.json:1:68: entry [0] p/m: output_price: 1.5 is fractional: prices are whole micro-dollars per "
          "1M tokens");
    CHECK(one_problem("[" + entry_with("output_price", "3e6") + "]") ==
          "b.json:1:68: entry [0] p/m: output_price: 3e6 is not written as plain digits: prices are integers "
          "of "
          "micro-dollars per 1M tokens");
    CHECK(one_problem("[" + entry_with("input_price", "9223372036854775808") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: 9223372036854775808 is past the int64 range");
    CHECK(one_problem("[" + entry_with("input_price", "99999999999999999999999") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: 99999999999999999999999 is past the int64 range");
    CHECK(one_problem("[" + entry_with("input_price", "9223372036854775807") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: 9223372036854775807 is above the largest price, "
          "9223372036854 micro-dollars per 1M tokens");
    CHECK(one_problem("[" + entry_with("input_price", "\"3000000\"") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: must be an integer or null, not a string");
    CHECK(one_problem("[" + entry_with("input_price", "true") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: must be an integer or null, not a boolean");
    CHECK(one_problem("[" + entry_with("input_price", "[1]") + "]") ==
          "b.json:1:49: entry [0] p/m: input_price: must be an integer or null, not an array");
}

TEST_CASE("provider and model must be non-empty strings PostgreSQL can hold") {
    CHECK(one_problem("[" + entry_with("provider", "\"\"") + "]") ==
          "b.json:1:15: entry [0] ?/m: provider: is empty");
    CHECK(one_problem("[" + entry_with("model", "\"\"") + "]") ==
          "b.json:1:29: entry [0] p/?: model: is empty");
    CHECK(one_problem("[" + entry_with("provider", "3") + "]") ==
          "b.json:1:15: entry [0] ?/m: provider: must be a string, not a number");
    CHECK(one_problem("[" + entry_with("model", "null") + "]") ==
          "b.json:1:29: entry [0] p/?: model: must be a string, not null");
    CHECK(one_problem("[" + entry_with("model", R"("a\u0000b")") + "]") ==
          "b.json:1:29: entry [0] p/?: model: contains U+0000, which PostgreSQL text cannot hold");
}

TEST_CASE("missing, unknown and repeated keys") {
    CHECK(problems_of(R"([{"provider": "p", "model": "m", "input_price": 1}])") ==
          std::vector<std::string>{"b.json:1:2: entry [0] p/m: output_price: is missing",
                                   "b.json:1:2: entry [0] p/m: cache_read_price: is missing",
                                   "b.json:1:2: entry [0] p/m: cache_write_price: is missing"});
    auto unknown = entry_with("cache_write_price", R"(4, "reasoning_prize": {"deep": [1, 2]})");
    CHECK(
        one_problem("[" + unknown + "]") ==
        "b.json:1:118: entry [0] p/m: reasoning_prize: is not a key of a price book entry (provider, model, "
        "input_price, output_price, cache_read_price, cache_write_price, reasoning_price, tiers)");
    auto twice = entry_with("cache_write_price", R"(4, "input_price": 5)");
    CHECK(one_problem("[" + twice + "]") ==
          "b.json:1:118: entry [0] p/m: input_price: appears twice in the entry");
}

TEST_CASE("a book without reasoning_price or tiers reads as before: flat, reasoning priced as output") {
    auto reading = read_price_book("[" + entry_with("input_price", "1") + "]");
    REQUIRE(reading.ok());
    CHECK_FALSE(reading.entries[0].reasoning_price.has_value());
    CHECK(reading.entries[0].tiers.empty());
}

TEST_CASE("reasoning_price: an integer or null, checked like the other prices") {
    auto with = [](std::string_view value) {
        return "[" + entry_with("cache_write_price", "4, \"reasoning_price\": " + std::string(value)) + "]";
    };
    auto reading = read_price_book(with("4000000"));
    REQUIRE(reading.ok());
    CHECK(reading.entries[0].reasoning_price == 4'000'000);
    reading = read_price_book(with("null"));
    REQUIRE(reading.ok());
    CHECK_FALSE(reading.entries[0].reasoning_price.has_value());
    CHECK(read_price_book(with("0")).entries.at(0).reasoning_price == 0);  // free, not unknown
    CHECK(one_problem(with("-1")) == "b.json:1:137: entry [0] p/m: reasoning_price: -1 is negative");
    CHECK(one_problem(with("2.5")) ==
          "b.json:1:137: entry [0] p/m: reasoning_price: 2.5 is fractional: prices are whole micro-dollars "
          "per 1M tokens");
    CHECK(one_problem(with("\"4\"")) ==
          "b.json:1:137: entry [0] p/m: reasoning_price: must be an integer or null, not a string");
    CHECK(one_problem(with("1, \"reasoning_price\": 2")) ==
          "b.json:1:140: entry [0] p/m: reasoning_price: appears twice in the entry");
}

namespace {

// A valid entry with `"tiers": <tiers>` after its six keys, on the first line.
std::string with_tiers(std::string_view tiers) {
    return "[" + entry_with("cache_write_price", "4, \"tiers\": " + std::string(tiers)) + "]";
}

}  // namespace

TEST_CASE("tiers: read in any order, stored by increasing size, a left-out price inherits (nullopt)") {
    auto reading = read_price_book(with_tiers(
        R"([{"size": 512000, "output_price": 30, "reasoning_price": 40},
            {"input_price": 5, "size": 272000, "output_price": 22, "cache_read_price": null,
             "cache_write_price": 0}])"));
    REQUIRE(reading.ok());
    const auto& tiers = reading.entries.at(0).tiers;
    REQUIRE(tiers.size() == 2);
    CHECK(tiers[0].size == 272'000);
    CHECK(tiers[0].prices.input == 5);
    CHECK(tiers[0].prices.output == 22);
    CHECK_FALSE(tiers[0].prices.cache_read.has_value());
    CHECK(tiers[0].prices.cache_write == 0);
    CHECK_FALSE(tiers[0].reasoning_price.has_value());
    CHECK(tiers[1].size == 512'000);
    CHECK_FALSE(tiers[1].prices.input.has_value());
    CHECK(tiers[1].prices.output == 30);
    CHECK(tiers[1].reasoning_price == 40);
    // An empty list is no tiers; a tier with only its size inherits every price.
    auto empty = read_price_book(with_tiers("[]"));
    REQUIRE(empty.ok());
    CHECK(empty.entries.at(0).tiers.empty());
    auto bare = read_price_book(with_tiers(R"([{"size": 1}])"));
    REQUIRE(bare.ok());
    CHECK(bare.entries.at(0).tiers == std::vector<price_book_tier>{{1, {}, {}}});
}

TEST_CASE("tiers: each problem named with the entry, tiers[i].key and its place") {
    // The tiers' list starts at column 127 of the line.
    CHECK(one_problem(with_tiers(R"({"size": 1})")) ==
          "b.json:1:127: entry [0] p/m: tiers: must be an array of tiers, not an object");
    CHECK(one_problem(with_tiers("null")) ==
          "b.json:1:127: entry [0] p/m: tiers: must be an array of tiers, not null");
    CHECK(one_problem(with_tiers("[3]")) ==
          "b.json:1:128: entry [0] p/m: tiers[0]: a tier must be an object, not a number");
    CHECK(one_problem(with_tiers(R"([{"input_price": 1}])")) ==
          "b.json:1:128: entry [0] p/m: tiers[0].size: is missing");
    CHECK(one_problem(with_tiers(R"([{"size": 1}, {"size": 0}])")) ==
          "b.json:1:150: entry [0] p/m: tiers[1].size: 0 is not a positive integer: a tier applies above a "
          "whole number of tokens");
    CHECK(one_problem(with_tiers(R"([{"size": -5}])")) ==
          "b.json:1:137: entry [0] p/m: tiers[0].size: -5 is not a positive integer: a tier applies above a "
          "whole number of tokens");
    CHECK(one_problem(with_tiers(R"([{"size": 2.5e5}])")) ==
          "b.json:1:137: entry [0] p/m: tiers[0].size: 2.5e5 is not a positive integer: a tier applies above "
          "a whole number of tokens");
    CHECK(one_problem(with_tiers(R"([{"size": 9223372036854775808}])")) ==
          "b.json:1:137: entry [0] p/m: tiers[0].size: 9223372036854775808 is past the int64 range");
    CHECK(one_problem(with_tiers(R"([{"size": "200000"}])")) ==
          "b.json:1:137: entry [0] p/m: tiers[0].size: must be a positive integer, not a string");
    CHECK(one_problem(with_tiers(R"([{"size": 200000}, {"size": 200000}])")) ==
          "b.json:1:155: entry [0] p/m: tiers[1].size: 200000 is the size of tiers[0] too: each size once");
    CHECK(one_problem(with_tiers(R"([{"size": 1, "input_price": -3}])")) ==
          "b.json:1:155: entry [0] p/m: tiers[0].input_price: -3 is negative");
    CHECK(one_problem(with_tiers(R"([{"size": 1, "reasoning_price": 0.5}])")) ==
          "b.json:1:159: entry [0] p/m: tiers[0].reasoning_price: 0.5 is fractional: prices are whole "
          "micro-dollars per 1M tokens");
    CHECK(
        one_problem(with_tiers(R"([{"size": 1, "cache_read_price": true}])")) ==
        "b.json:1:160: entry [0] p/m: tiers[0].cache_read_price: must be an integer or null, not a boolean");
    CHECK(one_problem(with_tiers(R"([{"size": 1, "input": 5}])")) ==
          "b.json:1:140: entry [0] p/m: tiers[0].input: is not a key of a tier (size, input_price, "
          "output_price, cache_read_price, cache_write_price, reasoning_price)");
    CHECK(one_problem(with_tiers(R"([{"size": 1, "size": 2}])")) ==
          "b.json:1:140: entry [0] p/m: tiers[0].size: appears twice in the tier");
    CHECK(one_problem(with_tiers("[], \"tiers\": []")) ==
          "b.json:1:131: entry [0] p/m: tiers: appears twice in the entry");
}

TEST_CASE("tiers: every problem of an entry is listed, and the entry is left out") {
    auto reading = read_price_book(with_tiers(R"([{"size": 5, "input_price": -1}, {"size": 5, "x": 1}])"));
    CHECK(reading.entries.empty());
    CHECK(reading.problem_lines("b.json") ==
          std::vector<std::string>{
              "b.json:1:155: entry [0] p/m: tiers[0].input_price: -1 is negative",
              "b.json:1:172: entry [0] p/m: tiers[1].x: is not a key of a tier (size, input_price, "
              "output_price, cache_read_price, cache_write_price, reasoning_price)",
              "b.json:1:169: entry [0] p/m: tiers[1].size: 5 is the size of tiers[0] too: each size once",
          });
    // A malformed value inside a tier is malformed JSON, where it breaks.
    CHECK(one_problem(with_tiers(R"([{"size": 1, "input_price": [1,]}])")) ==
          "b.json:1:158: malformed JSON: missing or superfluous comma, colon, bracket or brace");
}

TEST_CASE("duplicate (provider, model) points at the first one") {
    auto e = entry_with("input_price", "1");
    CHECK(one_problem("[" + e + ",\n " + e + "]") == "b.json:2:2: entry [1] p/m: duplicates entry [0]");
    // The same model under two providers, or two models of one provider, are no duplicates.
    auto other_provider = entry_with("provider", "\"q\"");
    CHECK(problems_of("[" + e + "," + other_provider + "]").empty());
}

TEST_CASE("the book must be a non-empty array of objects") {
    CHECK(one_problem("[]") == "b.json: the price book is empty: it holds no entries");
    CHECK(one_problem("  {\"provider\": \"p\"}") ==
          "b.json:1:3: a price book is a JSON array of entries, not an object");
    CHECK(one_problem("[" + entry_with("input_price", "1") + ", 3]") ==
          "b.json:1:119: entry [1]: an entry must be an object, not a number");
}

TEST_CASE("malformed JSON is reported where the parser stops, after what was found before it") {
    CHECK(one_problem("[" + entry_with("input_price", "1") + ",]") ==
          "b.json:1:118: malformed JSON: missing or superfluous comma, colon, bracket or brace");
    CHECK(one_problem("[" + entry_with("input_price", "1") + "]]") ==
          "b.json:1:118: malformed JSON: text after the end of the array");
    CHECK(one_problem("[" + entry_with("input_price", "01") + "]") ==
          "b.json:1:49: malformed JSON: not a JSON number");
    CHECK(one_problem("[" + entry_with("input_price", "nul") + "]") ==
          "b.json:1:49: malformed JSON: not true, false or null");
    CHECK(one_problem("[\n" + entry_with("input_price", "1") + "\n") ==
          "b.json: malformed JSON: unbalanced brackets or braces, or text after the end of the document");
    CHECK(one_problem("") == "b.json: malformed JSON: no JSON found (the file is empty)");
    CHECK(one_problem("[{\"provider\": \"p") == "b.json: malformed JSON: a string is not closed");
    CHECK(one_problem("[\"\xff\"]") == "b.json: malformed JSON: the text is not valid UTF-8");
    // A malformed value under an unknown key is still found: everything is read.
    CHECK(problems_of("[" + entry_with("cache_write_price", R"(4, "x": [1, 2,])") + "]").back() ==
          "b.json:1:129: malformed JSON: missing or superfluous comma, colon, bracket or brace");
    // What was found before the fault is kept; the fault is the last problem listed.
    auto lines =
        problems_of("[" + entry_with("input_price", "-1") + ",\n" + entry_with("provider", "\"q\"") + " x]");
    CHECK(lines == std::vector<std::string>{
                       "b.json:1:49: entry [0] p/m: input_price: -1 is negative",
                       "b.json:2:117: malformed JSON: missing or superfluous comma, colon, bracket or brace",
                   });
}

TEST_CASE("every problem of a bad book is listed, in file order") {
    auto lines = problems_of(R"([
  {"provider": "a", "model": "x", "input_price": -1, "output_price": 0.5, "cache_read_price": null, "cache_write_price": null},
  {"provider": "a", "model": "x", "input_price": 1, "output_price": 1, "cache_read_price": 1, "cache_write_price": 1},
  {"model": "", "input_price": 1, "output_price": 1, "cache_read_price": 1, "cache_write_price": 1, "extra": 0}
])");
    CHECK(lines ==
          std::vector<std::string>{
              "b.json:2:50: entry [0] a/x: input_price: -1 is negative",
              "b.json:2:70: entry [0] a/x: output_price: 0.5 is fractional: prices are whole micro-dollars "
              "per 1M tokens",
              "b.json:3:3: entry [1] a/x: duplicates entry [0]",
              "b.json:4:13: entry [2]: model: is empty",
              "b.json:4:101: entry [2]: extra: is not a key of a price book entry (provider, model, "
              "input_price, output_price, cache_read_price, cache_write_price, reasoning_price, tiers)",
              "b.json:4:3: entry [2]: provider: is missing",
          });
}

TEST_CASE("check_name") {
    CHECK_FALSE(check_name("anthropic.claude-3-5-sonnet-20241022-v2:0").has_value());
    CHECK(check_name("") == "is empty");
    CHECK(check_name(std::string_view("a\0b", 3)).has_value());
}
