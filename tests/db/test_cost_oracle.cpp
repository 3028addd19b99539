// The cost engine against an independent oracle: PostgreSQL's exact `numeric`
// arithmetic, ceil of the exact sum, with DESIGN.md section 2's NULL rules and bounds (rule 11)
// written out in SQL. 100,000 random messages, including values near the int64 limit.

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "cost/message_cost.hpp"
#include "cost/price.hpp"
#include "db_test_support.hpp"

using namespace chatcost;

namespace {

struct random_case {
    std::optional<std::int64_t> tokens[5];  // input, output, reasoning, cache_read, cache_creation
    std::optional<std::string> prices[4];   // input, output, cache_read, cache_write (decimal text)
};

class case_generator {
public:
    explicit case_generator(std::uint64_t seed) : rng_(seed) {}

    random_case next() {
        random_case c;
        for (auto& t : c.tokens) t = tokens();
        for (auto& p : c.prices) p = price();
        // Reasoning is inside output: mostly so, sometimes more (invalid).
        auto& output = c.tokens[1];
        auto& reasoning = c.tokens[2];
        if (reasoning && output && *reasoning > *output && !chance(5)) reasoning = between(0, *output);
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

    std::mt19937_64 rng_;
};

std::string sql_array(const std::vector<std::optional<std::string>>& items) {
    std::string out = "{";
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += items[i] ? *items[i] : "NULL";
    }
    return out + "}";
}

std::optional<std::string> as_text(const std::optional<std::int64_t>& v) {
    return v ? std::optional(std::to_string(*v)) : std::nullopt;
}

// Rule 4's NULL paths, rule 2's single rounding and rule 11's bounds on tokens (and rule 9's
// reasoning inside output), written independently of the engine.
constexpr const char* oracle_sql = R"(
SELECT ord,
  CASE WHEN greatest(it, ot, rt, crt, cct) > 1000000000000 OR rt > ot THEN 'invalid'
       WHEN num_nonnulls(ip, op, crp, cwp) = 0 THEN NULL
       WHEN num_nonnulls(it, ot, rt, crt, cct) = 0 THEN NULL
       WHEN NOT ((it IS NOT NULL AND ip IS NOT NULL) OR (ot IS NOT NULL AND op IS NOT NULL)
              OR (crt IS NOT NULL AND crp IS NOT NULL) OR (cct IS NOT NULL AND cwp IS NOT NULL)) THEN NULL
       ELSE ceil(coalesce(it, 0) * coalesce(ip, 0) + coalesce(ot, 0) * coalesce(op, 0)
               + coalesce(crt, 0) * coalesce(crp, 0) + coalesce(cct, 0) * coalesce(cwp, 0))::text
  END AS oracle
FROM unnest($1::numeric[], $2::numeric[], $3::numeric[], $4::numeric[], $5::numeric[],
            $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[])
     WITH ORDINALITY AS c(it, ot, rt, crt, cct, ip, op, crp, cwp, ord)
ORDER BY ord)";

cost::cost_result engine(const random_case& c) {
    cost::token_usage usage{c.tokens[0], c.tokens[1], c.tokens[2], c.tokens[3], c.tokens[4]};
    cost::price_set prices;
    for (auto which : cost::all_categories) {
        const auto& text = c.prices[static_cast<int>(which)];
        if (text) prices[which] = cost::parse_price(*text).value();
    }
    return cost::price_message(usage, prices);
}

// Rule 11: a cost above 10^13 micro-dollars is invalid (and one past int64 all the more).
bool above_largest_cost(const std::string& digits) {
    const std::string largest = "10000000000000";
    return digits.size() > largest.size() || (digits.size() == largest.size() && digits > largest);
}

}  // namespace

TEST_CASE("100,000 random messages: the engine equals ceil of PostgreSQL's exact numeric sum") {
    constexpr int count = 100'000;
    case_generator generate(20261122);
    std::vector<random_case> cases;
    std::vector<std::vector<std::optional<std::string>>> columns(9);
    for (int i = 0; i < count; ++i) {
        cases.push_back(generate.next());
        for (int t = 0; t < 5; ++t) columns[t].push_back(as_text(cases.back().tokens[t]));
        for (int p = 0; p < 4; ++p) columns[5 + p].push_back(cases.back().prices[p]);
    }

    pqxx::connection connection(testing::server_url());
    pqxx::nontransaction tx(connection);
    auto rows =
        tx.exec_params(oracle_sql, sql_array(columns[0]), sql_array(columns[1]), sql_array(columns[2]),
                       sql_array(columns[3]), sql_array(columns[4]), sql_array(columns[5]),
                       sql_array(columns[6]), sql_array(columns[7]), sql_array(columns[8]));
    REQUIRE(rows.size() == count);

    int priced = 0, unpriced = 0, invalid = 0, mismatches = 0;
    for (int i = 0; i < count; ++i) {
        const auto& field = rows[i][1];
        auto oracle = field.is_null() ? std::nullopt : std::optional(field.as<std::string>());
        auto result = engine(cases[i]);
        bool agrees = false;
        if (!oracle) {
            agrees = result.unpriced() != nullptr;
            unpriced += agrees;
        } else if (*oracle == "invalid" || above_largest_cost(*oracle)) {
            agrees = result.invalid() != nullptr;
            invalid += agrees;
        } else {
            agrees = result.priced() && std::to_string(result.priced()->micros) == *oracle;
            priced += agrees;
        }
        if (!agrees && ++mismatches <= 5) {
            FAIL_CHECK(fmt::format("case {}: oracle {} but engine {}", i, oracle.value_or("NULL"),
                                   result.micros() ? std::to_string(*result.micros())
                                                   : (result.invalid() ? result.invalid()->reason : "NULL")));
        }
    }
    CHECK(mismatches == 0);
    // The generator must exercise every outcome, or the comparison proves little.
    CHECK(priced > 50'000);
    CHECK(unpriced > 1'000);
    CHECK(invalid > 100);
}
