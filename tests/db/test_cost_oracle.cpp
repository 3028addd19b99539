// The cost engine against an independent oracle: PostgreSQL's exact `numeric` arithmetic, with
// DESIGN.md section 2's rules written out in SQL: the NULL paths (rule 4), the bounds (rule 11),
// reasoning inside output (rule 9), the context and the tier it chooses (rule 8), the split of
// output at a reasoning price (rule 9), and ceil of the exact sum, once (rule 2). 100,000 random
// messages, flat, tiered (1 to 3 tiers, some categories left to the base) and reasoning-priced,
// with contexts often exactly on or one token beside a tier's size, and values near the int64
// limit. Each goes through a model config, as backfill reads one (resolve_prices, the tiers as
// models.dev's JSON), and is priced by both price_message and total_cost.

#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cost/config_tiers.hpp"
#include "cost/message_cost.hpp"
#include "cost/price.hpp"
#include "cost/price_resolution.hpp"
#include "cost/total_cost.hpp"
#include "db_test_support.hpp"

using namespace chatcost;

namespace {

// Prices by position: input, output, cache_read, cache_write, reasoning (decimal text).
constexpr std::size_t price_count = 5;
constexpr std::size_t reasoning_index = 4;
using price_texts = std::array<std::optional<std::string>, price_count>;

struct tier_case {
    std::int64_t size = 0;
    price_texts prices{};                          // nullopt: inherits the base's price
    std::array<bool, price_count> null_written{};  // an inherited price written as JSON null
    std::array<bool, price_count> as_number{};     // a JSON number rather than a string
};

struct random_case {
    std::array<std::optional<std::int64_t>, 5>
        tokens{};  // input, output, reasoning, cache_read, cache_creation
    price_texts prices{};
    std::vector<tier_case> tiers{};  // distinct sizes, in no particular order
};

// The sizes in use in models.dev's catalogue of 2026-07.
constexpr std::array<std::int64_t, 6> catalogue_sizes{32'000, 128'000, 200'000, 256'000, 272'000, 512'000};

class case_generator {
public:
    explicit case_generator(std::uint64_t seed) : rng_(seed) {}

    random_case next() {
        random_case c;
        for (auto& t : c.tokens) t = tokens();
        for (std::size_t p = 0; p < 4; ++p) c.prices[p] = price();
        if (chance(45)) c.prices[reasoning_index] = price();
        int tier_count = chance(35) ? 0 : static_cast<int>(between(1, 3));
        for (int i = 0; i < tier_count; ++i) add_tier(c);
        // Reasoning is inside output: mostly so, sometimes more (invalid).
        auto& output = c.tokens[1];
        auto& reasoning = c.tokens[2];
        if (reasoning && output && *output >= 0 && *reasoning > *output && !chance(5)) {
            reasoning = chance(10) ? *output : between(0, *output);  // all of output, now and then
        }
        if (!c.tiers.empty() && chance(45)) put_context_at_a_size(c);
        return c;
    }

private:
    bool chance(int percent) { return std::uniform_int_distribution<int>(0, 99)(rng_) < percent; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_);
    }

    std::optional<std::int64_t> tokens() {
        if (chance(20)) return std::nullopt;
        if (chance(5)) return 0;
        if (chance(1)) return -between(1, 1000);             // negative: invalid
        if (chance(2)) return INT64_MAX - between(0, 1000);  // overflow territory
        if (chance(5)) return between(0, 1'000'000'000'000);
        return between(0, 200'000);
    }

    // Decimal text with 0 to 12 fractional digits, sometimes in exponent form.
    std::optional<std::string> price() {
        if (chance(20)) return std::nullopt;
        if (chance(5)) return "0";
        std::int64_t whole = chance(3) ? between(0, 9'000'000) : between(0, 100);
        int digits = static_cast<int>(between(0, 12));
        std::string text = std::to_string(whole);
        if (digits > 0) {
            std::string fraction;
            for (int i = 0; i < digits; ++i) fraction += static_cast<char>('0' + between(0, 9));
            text += "." + fraction;
        }
        if (whole == 0 && digits > 0 && chance(20)) {
            // 0.00375 -> 3.75e-3: the same value in exponent form
            auto fraction = text.substr(2);
            auto first = fraction.find_first_not_of('0');
            if (first != std::string::npos) {
                auto mantissa = fraction.substr(first);
                text = mantissa.substr(0, 1) + (mantissa.size() > 1 ? "." + mantissa.substr(1) : "") + "e-" +
                       std::to_string(first + 1);
            }
        }
        return text;
    }

    // A tier near the contexts generated (three counts up to 200,000 each), with a distinct size;
    // about half of its categories left to the base.
    void add_tier(random_case& c) {
        std::int64_t size =
            chance(50) ? catalogue_sizes[static_cast<std::size_t>(between(0, 5))] : between(1, 600'000);
        for (const auto& tier : c.tiers) {
            if (tier.size == size) return;
        }
        tier_case tier{.size = size};
        for (std::size_t p = 0; p < price_count; ++p) {
            if (chance(p == reasoning_index ? 25 : 55)) tier.prices[p] = price();
            tier.null_written[p] = !tier.prices[p] && chance(15);
            tier.as_number[p] = chance(40);
        }
        c.tiers.push_back(tier);
    }

    // Input set so that the context is a tier's size, or one token below or above it.
    void put_context_at_a_size(random_case& c) {
        auto size =
            c.tiers[static_cast<std::size_t>(between(0, static_cast<std::int64_t>(c.tiers.size()) - 1))].size;
        auto& cache_read = c.tokens[3];
        auto& cache_creation = c.tokens[4];
        auto in_range = [](const std::optional<std::int64_t>& t) { return !t || (*t >= 0 && *t <= 200'000); };
        if (!in_range(cache_read) || !in_range(cache_creation)) {
            cache_read = std::nullopt;
            cache_creation = std::nullopt;
        }
        std::int64_t input = size + between(-1, 1) - cache_read.value_or(0) - cache_creation.value_or(0);
        if (input < 0) {
            cache_read = chance(50) ? std::optional(size) : std::nullopt;
            cache_creation = std::nullopt;
            input = size + between(-1, 1) - cache_read.value_or(0);
            if (input < 0) {  // cache_read = size, one below: the context is all cache
                cache_read = size - 1;
                input = 0;
            }
        }
        c.tokens[0] = input;
    }

    std::mt19937_64 rng_;
};

// ---- the engine's side: a model config, as backfill reads one ----

// models.dev's names, in the order of price_texts.
constexpr std::array<const char*, price_count> tier_keys{"input", "output", "cache_read", "cache_write",
                                                         "reasoning"};

// The tiers in models.dev's shape: `[{"tier": {"type": "context", "size": N}, "input": "5.00", ...}]`.
std::string tiers_json(const std::vector<tier_case>& tiers) {
    std::string out = "[";
    for (const auto& tier : tiers) {
        if (out.size() > 1) out += ", ";
        out += fmt::format(R"({{"tier": {{"type": "context", "size": {}}})", tier.size);
        for (std::size_t p = 0; p < price_count; ++p) {
            if (tier.prices[p]) {
                out += tier.as_number[p] ? fmt::format(R"(, "{}": {})", tier_keys[p], *tier.prices[p])
                                         : fmt::format(R"(, "{}": "{}")", tier_keys[p], *tier.prices[p]);
            } else if (tier.null_written[p]) {
                out += fmt::format(R"(, "{}": null)", tier_keys[p]);
            }
        }
        out += "}";
    }
    return out + "]";
}

struct engine_side {
    cost::cost_result explained;
    cost::cost_total fast;
};

engine_side engine(const random_case& c) {
    cost::token_usage usage{c.tokens[0], c.tokens[1], c.tokens[2], c.tokens[3], c.tokens[4]};
    cost::model_config_view config{.id = "oracle", .provider = "acme", .model = "m"};
    for (auto which : cost::all_categories) {
        const auto& text = c.prices[static_cast<std::size_t>(which)];
        if (text) config.prices[which].nested = *text;
    }
    if (c.prices[reasoning_index]) config.reasoning.nested = *c.prices[reasoning_index];
    std::string tiers = tiers_json(c.tiers);
    if (!c.tiers.empty()) config.tiers_json = tiers;
    auto resolution = cost::resolve_prices(config, std::nullopt);
    REQUIRE_MESSAGE(resolution.status == cost::resolution_status::resolved, resolution.error);
    engine_side side{cost::price_message(usage, resolution.schedule),
                     cost::total_cost(usage, resolution.schedule)};
    // The resolution-level calls backfill and explain make give the same.
    CHECK(cost::total_cost(usage, resolution) == side.fast);
    CHECK(cost::total_of(cost::price_with(usage, resolution)) == side.fast);
    return side;
}

// ---- the oracle's side: SQL over the cases' columns ----

std::string sql_array(const std::vector<std::optional<std::string>>& items) {
    std::string out = "{";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += items[i] ? *items[i] : "NULL";
    }
    return out + "}";
}

std::optional<std::string> as_text(const std::optional<std::int64_t>& v) {
    return v ? std::optional(std::to_string(*v)) : std::nullopt;
}

// Written from the rules, not from the engine. The verdict is the micro-dollars, or
// 'invalid', or the unpriced reason; with it the context and the size of the tier chosen.
// Cases: $1-$10 (tokens, then input, output, cache read, cache write and reasoning prices);
// tiers, one row each: $11 the case's ordinal, $12 the size, $13-$17 the prices (NULL inherits).
constexpr const char* oracle_sql = R"(
WITH c AS (
  SELECT * FROM unnest($1::numeric[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[],
                       $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[], $10::numeric[])
       WITH ORDINALITY AS c(it, ot, rt, crt, cct, ip, op, crp, cwp, rp, ord)
), t AS (
  SELECT * FROM unnest($11::bigint[], $12::numeric[], $13::numeric[], $14::numeric[], $15::numeric[],
                       $16::numeric[], $17::numeric[]) AS t(ord, size, ip, op, crp, cwp, rp)
), priced_tiers AS (
  SELECT DISTINCT ord FROM t WHERE num_nonnulls(ip, op, crp, cwp, rp) > 0
), with_context AS (
  SELECT c.*, coalesce(it, 0) + coalesce(crt, 0) + coalesce(cct, 0) AS context FROM c
), chosen AS (
  -- The tier with the largest size the context is strictly above; none: the base. A price the
  -- tier leaves NULL is the base's.
  SELECT DISTINCT ON (w.ord) w.*, t.size AS tier_size,
         coalesce(t.ip, w.ip) AS eip, coalesce(t.op, w.op) AS eop, coalesce(t.crp, w.crp) AS ecrp,
         coalesce(t.cwp, w.cwp) AS ecwp, coalesce(t.rp, w.rp) AS erp
  FROM with_context w LEFT JOIN t ON t.ord = w.ord AND w.context > t.size
  ORDER BY w.ord, t.size DESC NULLS LAST
), summed AS (
  -- With a reasoning price, output's price is for output - reasoning, and reasoning at its own.
  SELECT *, coalesce(it * eip, 0)
          + coalesce((ot - CASE WHEN erp IS NOT NULL THEN coalesce(rt, 0) ELSE 0 END) * eop, 0)
          + coalesce(crt * ecrp, 0) + coalesce(cct * ecwp, 0) + coalesce(rt * erp, 0) AS exact
  FROM chosen
)
SELECT ord,
  CASE WHEN least(it, ot, rt, crt, cct) < 0 OR greatest(it, ot, rt, crt, cct) > 1000000000000
            OR rt > ot THEN 'invalid'
       WHEN num_nonnulls(it, ot, rt, crt, cct) = 0 THEN 'no_tokens'
       WHEN num_nonnulls(ip, op, crp, cwp, rp) = 0
            AND NOT EXISTS (SELECT 1 FROM priced_tiers p WHERE p.ord = s.ord) THEN 'no_prices'
       WHEN NOT ((it IS NOT NULL AND eip IS NOT NULL) OR (ot IS NOT NULL AND eop IS NOT NULL)
              OR (crt IS NOT NULL AND ecrp IS NOT NULL) OR (cct IS NOT NULL AND ecwp IS NOT NULL)
              OR (rt IS NOT NULL AND erp IS NOT NULL)) THEN 'no_matching_category'
       WHEN ceil(exact) > 10000000000000 THEN 'invalid'
       ELSE ceil(exact)::text
  END AS verdict,
  context::text, tier_size
FROM summed s
ORDER BY ord)";

std::string verdict_of(const cost::cost_result& result) {
    if (const auto* priced = result.priced()) return std::to_string(priced->micros);
    if (const auto* unpriced = result.unpriced()) return std::string(cost::name(unpriced->reason));
    return "invalid";
}

std::string verdict_of(const cost::cost_total& total) {
    switch (total.status) {
        case cost::cost_status::priced:
            return std::to_string(total.micros);
        case cost::cost_status::unpriced:
            return std::string(cost::name(total.reason));
        case cost::cost_status::invalid:
            break;
    }
    return "invalid";
}

}  // namespace

TEST_CASE("100,000 random messages, tiered and reasoning-priced: the engine equals PostgreSQL's numeric") {
    constexpr int count = 100'000;
    case_generator generate(20261122);
    std::vector<random_case> cases;
    cases.reserve(count);
    std::vector<std::vector<std::optional<std::string>>> columns(10);
    std::vector<std::vector<std::optional<std::string>>> tier_columns(7);
    for (int i = 0; i < count; ++i) {
        cases.push_back(generate.next());
        const auto& c = cases.back();
        for (std::size_t t = 0; t < 5; ++t) columns[t].push_back(as_text(c.tokens[t]));
        for (std::size_t p = 0; p < price_count; ++p) columns[5 + p].push_back(c.prices[p]);
        for (const auto& tier : c.tiers) {
            tier_columns[0].push_back(std::to_string(i + 1));  // WITH ORDINALITY counts from 1
            tier_columns[1].push_back(std::to_string(tier.size));
            for (std::size_t p = 0; p < price_count; ++p) tier_columns[2 + p].push_back(tier.prices[p]);
        }
    }

    pqxx::connection connection(testing::server_url());
    pqxx::nontransaction tx(connection);
    std::vector<std::string> arrays;
    for (const auto& column : columns) arrays.push_back(sql_array(column));
    for (const auto& column : tier_columns) arrays.push_back(sql_array(column));
    auto rows = tx.exec_params(oracle_sql, arrays[0], arrays[1], arrays[2], arrays[3], arrays[4], arrays[5],
                               arrays[6], arrays[7], arrays[8], arrays[9], arrays[10], arrays[11], arrays[12],
                               arrays[13], arrays[14], arrays[15], arrays[16]);
    REQUIRE(rows.size() == count);

    int mismatches = 0;
    int priced = 0, unpriced = 0, invalid = 0, at_tier = 0, split = 0, on_boundary = 0;
    for (int i = 0; i < count; ++i) {
        const auto& c = cases[static_cast<std::size_t>(i)];
        auto oracle = rows[i][1].as<std::string>();
        auto oracle_context = rows[i][2].as<std::string>();
        // The tier's size as text, "none" for the base: the form failure messages print.
        auto oracle_tier = rows[i][3].is_null() ? std::string("none") : rows[i][3].as<std::string>();
        auto side = engine(c);

        auto explained = verdict_of(side.explained);
        auto fast = verdict_of(side.fast);
        bool agrees = explained == oracle && fast == oracle;
        if (const auto* cost = side.explained.priced()) {
            // The context and the tier that chose the price, as the oracle found them.
            agrees = agrees && std::to_string(cost->context) == oracle_context &&
                     (cost->tier_size ? std::to_string(*cost->tier_size) : "none") == oracle_tier;
            ++priced;
            at_tier += cost->tier_size.has_value();
            split += cost->reasoning_split() && c.tokens[2].value_or(0) > 0;
        } else {
            unpriced += side.explained.unpriced() != nullptr;
            invalid += side.explained.invalid() != nullptr;
        }
        // Only counts inside the bounds have a context: the invalid cases' near-int64 counts would
        // overflow the sum (UBSan), and a boundary means nothing for them anyway.
        auto in_bounds = [](const std::optional<std::int64_t>& tokens) {
            return tokens.value_or(0) >= 0 && tokens.value_or(0) <= cost::largest_token_count;
        };
        if (in_bounds(c.tokens[0]) && in_bounds(c.tokens[3]) && in_bounds(c.tokens[4])) {
            for (const auto& tier : c.tiers) {
                auto context = c.tokens[0].value_or(0) + c.tokens[3].value_or(0) + c.tokens[4].value_or(0);
                on_boundary += context == tier.size || context == tier.size + 1;
            }
        }
        if (!agrees && ++mismatches <= 5) {
            FAIL_CHECK(fmt::format(
                "case {}: oracle {} (context {}, tier {}) but price_message {}, total_cost {}; "
                "tokens {}, prices {}, tiers {}",
                i, oracle, oracle_context, oracle_tier, explained, fast,
                sql_array({as_text(c.tokens[0]), as_text(c.tokens[1]), as_text(c.tokens[2]),
                           as_text(c.tokens[3]), as_text(c.tokens[4])}),
                sql_array(std::vector<std::optional<std::string>>(c.prices.begin(), c.prices.end())),
                tiers_json(c.tiers)));
        }
    }
    CHECK(mismatches == 0);
    // The generator must exercise every outcome and every rule, or the comparison proves little.
    CAPTURE(priced);
    CAPTURE(unpriced);
    CAPTURE(invalid);
    CAPTURE(at_tier);
    CAPTURE(split);
    CAPTURE(on_boundary);
    CHECK(priced > 50'000);
    CHECK(unpriced > 500);
    CHECK(invalid > 100);
    CHECK(at_tier > 10'000);
    CHECK(split > 10'000);
    CHECK(on_boundary > 10'000);
}
