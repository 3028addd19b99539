// src/cost/config_tiers.cpp: a config's cost.tiers, in models.dev's shape, read exactly.

#include <doctest/doctest.h>

#include <string_view>

#include "cost/config_tiers.hpp"

using namespace chatcost::cost;

namespace {

std::string read_error(std::string_view json) {
    auto read = read_config_tiers(json);
    REQUIRE_FALSE(read.ok());
    return read.error();
}

}  // namespace

TEST_CASE("read_config_tiers: models.dev's shape, strings and numbers kept as written") {
    auto read = read_config_tiers(
        R"([{"tier": {"type": "context", "size": 272000}, "input": "5.00", "output": 22.50,)"
        R"( "cache_read": "0.50", "input_audio": 1.9, "extra": {"a": [1, {"b": null}], "c": true}},)"
        "\n"
        R"( {"cache_write": null, "reasoning": 1e1, "tier": {"size": 128000, "type": "context"}}])");
    REQUIRE_MESSAGE(read.ok(), read.error());
    const auto& tiers = read.value();
    REQUIRE(tiers.size() == 2);
    CHECK(tiers[0].size == 272'000);
    CHECK(tiers[0].prices.input == "5.00");
    CHECK(tiers[0].prices.output == "22.50");
    CHECK(tiers[0].prices.cache_read == "0.50");
    CHECK(tiers[0].prices.cache_write == std::nullopt);
    CHECK(tiers[0].reasoning == std::nullopt);
    CHECK(tiers[1].size == 128'000);
    CHECK(tiers[1].prices.cache_write == std::nullopt);  // JSON null: left out, inherits
    CHECK(tiers[1].reasoning == "1e1");
}

TEST_CASE("read_config_tiers: no tiers") {
    CHECK(read_config_tiers("[]").value().empty());
    CHECK(read_config_tiers(" [ ] ").value().empty());
    CHECK(read_config_tiers("null").value().empty());
}

TEST_CASE("read_config_tiers: a bad list names the place") {
    CHECK(read_error(R"({"tier": {}})") == "cost.tiers: is not a list");
    CHECK(read_error(R"([1])") == "cost.tiers[0]: is not an object");
    CHECK(read_error(R"([{"input": "1"}])") ==
          R"(cost.tiers[0]: has no "tier": {"type": "context", "size": N})");
    CHECK(read_error(R"([{"tier": {"type": "tokens", "size": 5}}])") ==
          R"(cost.tiers[0].tier.type: "tokens" is not "context")");
    CHECK(read_error(R"([{"tier": {"size": 5}}])") == R"(cost.tiers[0].tier.type: is missing ("context"))");
    CHECK(read_error(R"([{"tier": {"type": "context"}}])") == "cost.tiers[0].tier.size: is missing");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 2.5}}])") ==
          "cost.tiers[0].tier.size: is not a whole number of tokens");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": "5"}}])") ==
          "cost.tiers[0].tier.size: is not a whole number of tokens");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 99999999999999999999}}])") ==
          "cost.tiers[0].tier.size: is too large");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}}, {"tier": {"type": "context", "size": 2},)"
                     R"( "output": true}])") ==
          "cost.tiers[1].output: is not a price (a number or a string holding one)");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}, "input": [1]}])") ==
          "cost.tiers[0].input: is not a price (a number or a string holding one)");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}}] x)") ==
          "cost.tiers: has text after the list");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}})") ==
          "cost.tiers: is not a well-formed list");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}, "x": tru}])") ==
          "cost.tiers: is not well-formed JSON");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}, "input" "1"}])") ==
          "cost.tiers[0]: is not a well-formed object");
    CHECK(read_error(R"([{"tier": {"type": "context", "size": 1}, "input": "1)") ==
          "cost.tiers[0].input: is not a price (a number or a string holding one)");
}

TEST_CASE("read_config_tiers: a negative or zero size is read, and rejected by the schedule") {
    CHECK(read_config_tiers(R"([{"tier": {"type": "context", "size": -5}}])").value().at(0).size == -5);
    CHECK(read_config_tiers(R"([{"tier": {"type": "context", "size": 0}}])").value().at(0).size == 0);
}

TEST_CASE("read_config_tiers: deep nesting in an ignored key fails instead of overflowing") {
    std::string deep = R"([{"tier": {"type": "context", "size": 1}, "x": )" + std::string(10'000, '[') +
                       std::string(10'000, ']') + "}]";
    CHECK(read_error(deep) == "cost.tiers: is nested too deeply");
}
