// src/cost/total_cost.hpp: the fast path gives exactly what price_message gives, on the
// reference platform's ceil-once vectors and on random cases across every branch.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "cost/message_cost.hpp"
#include "cost/price_resolution.hpp"
#include "cost/price_schedule.hpp"
#include "cost/total_cost.hpp"

using namespace chatcost::cost;

namespace {

using price_texts = per_category<std::optional<std::string_view>>;

struct reference_vector {
    std::string_view name;
    token_usage usage;
    std::optional<price_texts> prices;  // nullopt: no cost config at all
    std::optional<std::int64_t> expected_micros;
};

// The 13 vectors of the ceil-once rule chatcost follows, from the reference platform's test of
// its cost function (TestCalculateTotalCostMicros), copied here as data: tokens, prices in USD
// per 1M, the expected micro-dollars (nullopt: NULL).
// clang-format off
const reference_vector reference_vectors[] = {
    {"nil cost returns nil", {.input = 1000}, std::nullopt, std::nullopt},
    {"all priced usage fields nil returns nil", {}, price_texts{.input = "3"}, std::nullopt},
    {"sub-micro total rounds up to 1", {.input = 1}, price_texts{.input = "0.01"}, 1},
    {"simple input only", {.input = 1000}, price_texts{.input = "3"}, 3000},
    {"simple output only", {.output = 500}, price_texts{.output = "15"}, 7500},
    {"reasoning tokens included in output total", {.output = 500, .reasoning = 200}, price_texts{.output = "15"}, 7500},
    {"cache read tokens", {.cache_read = 10000}, price_texts{.cache_read = "0.3"}, 3000},
    {"cache creation tokens", {.cache_creation = 5000}, price_texts{.cache_write = "3.75"}, 18750},
    {"full mixed usage totals all components exactly",
     {.input = 101, .output = 201, .reasoning = 52, .cache_read = 1005, .cache_creation = 33},
     price_texts{.input = "1.23", .output = "4.56", .cache_read = "0.7", .cache_write = "7.89"}, 2005},
    {"partial pricing only input contributes",
     {.input = 1234, .output = 999, .reasoning = 111, .cache_read = 500, .cache_creation = 250},
     price_texts{.input = "2.5"}, 3085},
    {"zero tokens with pricing returns zero pointer", {.input = 0}, price_texts{.input = "3"}, 0},
    {"usage only in unpriced categories returns nil", {.input = 1000}, price_texts{.output = "15"}, std::nullopt},
    {"non nil usage with empty cost config returns nil", {.input = 42}, price_texts{}, std::nullopt},
};
// clang-format on

// A config holding the texts as nested keys, resolved as backfill resolves it.
price_resolution resolution_of(const std::optional<price_texts>& texts) {
    if (!texts) return resolve_prices(std::nullopt, std::nullopt);
    model_config_view config{.id = "cfg", .provider = "acme", .model = "m"};
    for (auto which : all_categories) config.prices[which].nested = (*texts)[which];
    return resolve_prices(config, std::nullopt);
}

// splitmix64: the same sequence everywhere, so that a failing case is found again by its index.
class random_source {
public:
    explicit random_source(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::int64_t below(std::int64_t limit) {
        return static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(limit));
    }
    bool percent(int chance) { return below(100) < chance; }

private:
    std::uint64_t state_;
};

// Token counts around every edge: NULL, 0, small, large, at and past the bound, negative.
std::optional<std::int64_t> random_tokens(random_source& random) {
    switch (random.below(24)) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
            return std::nullopt;
        case 5:
            return 0;
        case 6:
            return largest_token_count - random.below(3);
        case 7:
            return random.percent(50) ? largest_token_count + 1 : -random.below(3) - 1;
        case 8:
            return random.below(largest_token_count);
        default:
            return random.below(random.percent(50) ? 1000 : 400'000);
    }
}

std::optional<price> random_price(random_source& random) {
    switch (random.below(8)) {
        case 0:
        case 1:
            return std::nullopt;
        case 2:
            return price();  // free
        case 3:              // anything up to the largest price: the 128-bit path and the cost bound
            return price::from_units(static_cast<std::int64_t>(random.next() >> 1));
        case 4:  // sub-micro fractions, for the rounding
            return price::from_units(random.below(1'000'000'000'000));
        default:  // realistic: up to $100/M in steps of $0.000001
            return price::from_units(random.below(100'000'000) * 1'000'000);
    }
}

price_set random_price_set(random_source& random) {
    price_set prices;
    for (auto which : all_categories) prices[which] = random_price(random);
    return prices;
}

price_schedule random_schedule(random_source& random) {
    if (random.percent(3)) return {};  // no price at all
    auto base = random_price_set(random);
    auto reasoning = random.percent(40) ? random_price(random) : std::nullopt;
    std::vector<context_tier> tiers;
    auto count = random.below(4);
    for (std::int64_t i = 0; i < count; ++i) {
        // Sizes near realistic contexts, so that cases fall on, just above and below them.
        std::int64_t size = random.percent(50) ? 1 + random.below(1000) : 100'000 * (1 + random.below(5));
        bool taken = false;
        for (const auto& tier : tiers) taken = taken || tier.size == size;
        if (taken) continue;
        tiers.push_back({.size = size,
                         .prices = random.percent(20) ? price_set{} : random_price_set(random),
                         .reasoning = random.percent(30) ? random_price(random) : std::nullopt});
    }
    auto made = price_schedule::with_tiers(base, reasoning, tiers);
    REQUIRE(made.ok());
    return made.value();
}

token_usage random_usage(random_source& random, const price_schedule& schedule) {
    if (random.percent(3)) return {};  // a message without usage
    token_usage usage{.input = random_tokens(random),
                      .output = random_tokens(random),
                      .reasoning = random_tokens(random),
                      .cache_read = random_tokens(random),
                      .cache_creation = random_tokens(random)};
    if (usage.output && *usage.output >= 0 && random.percent(50)) {
        usage.reasoning = random.below(*usage.output + 1);  // mostly valid reasoning counts
    }
    // Put the context exactly on, or one token beside, a tier's size now and then.
    auto tiers = schedule.tiers();
    if (!tiers.empty() && random.percent(30)) {
        auto size =
            tiers[static_cast<std::size_t>(random.below(static_cast<std::int64_t>(tiers.size())))].size;
        usage.input = size + random.below(3) - 1;
        usage.cache_read = std::nullopt;
        usage.cache_creation = std::nullopt;
    }
    return usage;
}

}  // namespace

TEST_CASE("total_cost: the reference platform's ceil-once vectors, on both paths") {
    for (const auto& v : reference_vectors) {
        CAPTURE(v.name);
        auto resolution = resolution_of(v.prices);
        auto explained = price_with(v.usage, resolution);
        CHECK(explained.micros() == v.expected_micros);
        CHECK(total_cost(v.usage, resolution).stored() == v.expected_micros);
        CHECK(total_cost(v.usage, resolution) == total_of(explained));
    }
}

TEST_CASE("total_cost: the same result as price_message on 100,000 random cases") {
    random_source random(20261203);
    std::array<int, 3> seen{};  // priced, unpriced, invalid: every kind is exercised
    int tiered = 0;
    for (int i = 0; i < 100'000; ++i) {
        auto schedule = random_schedule(random);
        auto usage = random_usage(random, schedule);
        auto explained = price_message(usage, schedule);
        auto fast = total_cost(usage, schedule);
        if (fast != total_of(explained)) {
            FAIL_CHECK("case " << i << " differs");
        }
        ++seen[static_cast<std::size_t>(fast.status)];
        tiered += explained.priced() && explained.priced()->tier_size ? 1 : 0;
    }
    CAPTURE(seen[0]);
    CAPTURE(seen[1]);
    CAPTURE(seen[2]);
    CHECK(seen[0] > 10'000);
    CHECK(seen[1] > 5'000);
    CHECK(seen[2] > 5'000);
    CHECK(tiered > 1'000);
}

TEST_CASE("total_cost: a resolution without config or with a bad one, like price_with") {
    auto no_config = resolve_prices(std::nullopt, std::nullopt);
    model_config_view bad{.id = "bad", .provider = "acme", .model = "m"};
    bad.prices.input.nested = "abc";
    auto invalid = resolve_prices(bad, std::nullopt);
    REQUIRE(invalid.status == resolution_status::invalid);
    for (const token_usage& usage : {token_usage{}, token_usage{.input = -1}, token_usage{.input = 5},
                                     token_usage{.output = 3, .reasoning = 4}}) {
        CHECK(total_cost(usage, no_config) == total_of(price_with(usage, no_config)));
        CHECK(total_cost(usage, invalid) == total_of(price_with(usage, invalid)));
    }
    CHECK(total_cost({.input = 5}, no_config) == cost_total::unpriced(unpriced_reason::no_model_config));
    CHECK(total_cost({.input = 5}, invalid) == cost_total::invalid());
    CHECK(total_cost({}, invalid) == cost_total::unpriced(unpriced_reason::no_tokens));
}
