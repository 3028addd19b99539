// How fast the exact cost engine prices messages on one core, next to the naive implementation
// it replaces (binary64 prices, ceil of the summed products), and how often the naive one is
// wrong. The messages are generated in memory from a fixed seed, so every run prices the same.
//
//   meson setup build-bench -Dbench=true --buildtype=release
//   ninja -C build-bench bench/cost_throughput && build-bench/bench/cost_throughput [MESSAGES]

#include <fmt/core.h>

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cost/price_resolution.hpp"

namespace {

using chatcost::cost::all_categories;
using chatcost::cost::category;
using chatcost::cost::config_price_text;
using chatcost::cost::model_config_view;
using chatcost::cost::per_category;
using chatcost::cost::price_resolution;
using chatcost::cost::token_usage;

constexpr std::size_t default_messages = 10'000'000;
constexpr int runs = 3;  // the best of three, so that one scheduling hiccup does not count

// Prices as a model config holds them (USD per 1M tokens); an empty view is unset.
struct model {
    std::string_view name;
    std::array<std::string_view, 4> prices;  // input, output, cache_read, cache_write
};

// clang-format off
constexpr std::array<model, 6> models{{
    {"sonnet",     {"3", "15", "0.3", "3.75"}},
    {"opus",       {"15", "75", "1.5", "18.75"}},
    {"haiku",      {"0.8", "4", "0.08", "1"}},
    {"gpt-4o",     {"2.5", "10", "1.25", ""}},
    {"gpt-4o-mini", {"0.15", "0.6", "0.075", ""}},
    {"unpriced",   {"", "", "", ""}},
}};
// clang-format on

struct message {
    token_usage usage;
    std::uint8_t model;  // index into models, or models.size() for a message without config
};

// splitmix64: tiny, fast, and the same sequence on every platform (std's distributions are not).
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

    // Mostly small, sometimes up to `large`: chat turns are short, agent turns carry big contexts.
    std::optional<std::int64_t> tokens(int null_percent, std::int64_t typical, std::int64_t large) {
        if (percent(null_percent)) {
            return std::nullopt;
        }
        return percent(80) ? below(typical + 1) : below(large + 1);
    }

private:
    std::uint64_t state_;
};

std::vector<message> generate(std::size_t count) {
    random_source random(20250901);
    std::vector<message> messages(count);
    for (auto& m : messages) {
        m.model = static_cast<std::uint8_t>(random.below(models.size() + 1));
        if (random.percent(3)) {
            continue;  // a user message: no usage at all
        }
        m.usage.input = random.tokens(5, 4'000, 200'000);
        m.usage.output = random.tokens(5, 1'500, 32'000);
        if (m.usage.output && random.percent(20)) {
            m.usage.reasoning = random.below(*m.usage.output + 1);
        }
        m.usage.cache_read = random.tokens(50, 20'000, 200'000);
        m.usage.cache_creation = random.tokens(60, 5'000, 50'000);
    }
    return messages;
}

// ---- the exact engine, as backfill calls it: resolve once per config, price per message ----

std::vector<price_resolution> resolve_all() {
    std::vector<price_resolution> resolved;
    for (const auto& m : models) {
        model_config_view config{.id = m.name, .provider = "bench", .model = m.name};
        for (auto which : all_categories) {
            auto text = m.prices[static_cast<std::size_t>(which)];
            if (!text.empty()) {
                config.prices[which] = config_price_text{.nested = text};
            }
        }
        resolved.push_back(chatcost::cost::resolve_prices(config, std::nullopt));
    }
    resolved.push_back(chatcost::cost::resolve_prices(std::nullopt, std::nullopt));  // no config
    return resolved;
}

std::optional<std::int64_t> exact_cost(const message& m, const std::vector<price_resolution>& resolved) {
    return chatcost::cost::price_with(m.usage, resolved[m.model]).micros();
}

// ---- the naive implementation: the same NULL rules, binary64 prices, ceil of the sum ----

using naive_prices = per_category<std::optional<double>>;

std::vector<naive_prices> naive_resolve_all() {
    std::vector<naive_prices> all;
    for (const auto& m : models) {
        naive_prices prices;
        for (auto which : all_categories) {
            std::string text{m.prices[static_cast<std::size_t>(which)]};
            if (!text.empty()) {
                prices[which] = std::strtod(text.c_str(), nullptr);
            }
        }
        all.push_back(prices);
    }
    all.emplace_back();  // no config
    return all;
}

double naive_unrounded(const token_usage& usage, const naive_prices& prices, bool& any_counted) {
    double micros = 0;
    any_counted = false;
    for (auto which : all_categories) {
        const auto& tokens = chatcost::cost::tokens_for(usage, which);
        if (tokens && prices[which]) {
            micros += static_cast<double>(*tokens) * *prices[which];
            any_counted = true;
        }
    }
    return micros;
}

std::optional<std::int64_t> naive_cost(const message& m, const std::vector<naive_prices>& all) {
    bool any_counted = false;
    double micros = naive_unrounded(m.usage, all[m.model], any_counted);
    if (!any_counted) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(std::ceil(micros));
}

// ---- measuring ----

struct run_figures {
    double seconds = 0;
    std::size_t priced = 0;
    std::int64_t total_micros = 0;  // also keeps the compiler from dropping the work
};

template <class Price>
run_figures best_of_runs(const std::vector<message>& messages, Price&& price) {
    run_figures best;
    for (int run = 0; run < runs; ++run) {
        run_figures figures;
        auto start = std::chrono::steady_clock::now();
        for (const auto& m : messages) {
            if (auto micros = price(m)) {
                ++figures.priced;
                figures.total_micros += *micros;
            }
        }
        figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (run == 0 || figures.seconds < best.seconds) {
            best = figures;
        }
    }
    return best;
}

std::string describe(const token_usage& usage, const model& m) {
    std::string out;
    auto add = [&](std::string_view column, const std::optional<std::int64_t>& tokens,
                   std::string_view price) {
        if (tokens) {
            out += fmt::format("{}{} {} @ ${}/M", out.empty() ? "" : ", ", column, *tokens,
                               price.empty() ? "-" : price);
        }
    };
    add("input", usage.input, m.prices[0]);
    add("output", usage.output, m.prices[1]);
    add("cache_read", usage.cache_read, m.prices[2]);
    add("cache_creation", usage.cache_creation, m.prices[3]);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : default_messages;
    auto messages = generate(count);
    auto resolved = resolve_all();
    auto naive = naive_resolve_all();

    auto exact_figures = best_of_runs(messages, [&](const message& m) { return exact_cost(m, resolved); });
    auto naive_figures = best_of_runs(messages, [&](const message& m) { return naive_cost(m, naive); });

    // Both apply the same NULL rules, so a difference is always between two priced results.
    std::size_t differ = 0;
    std::size_t naive_higher = 0;
    const message* example = nullptr;
    for (const auto& m : messages) {
        auto exact = exact_cost(m, resolved);
        auto naive_micros = naive_cost(m, naive);
        if (exact != naive_micros) {
            example = example ? example : &m;
            ++differ;
            naive_higher += naive_micros.value() > exact.value();
        }
    }

    fmt::print("{} messages, one thread, best of {} runs\n\n", count, runs);
    fmt::print("{:<22} {:>9} {:>14} {:>10} {:>18}\n", "implementation", "seconds", "messages/s", "priced",
               "sum of micros");
    auto row = [&](std::string_view name, const run_figures& f) {
        fmt::print("{:<22} {:>9.3f} {:>14.0f} {:>10} {:>18}\n", name, f.seconds,
                   static_cast<double>(count) / f.seconds, f.priced, f.total_micros);
    };
    row("exact engine", exact_figures);
    row("naive binary64 + ceil", naive_figures);
    fmt::print("\nnaive results that differ from the exact ones: {} of {} ({:.3f}%), {} of them higher\n",
               differ, count, count ? 100.0 * static_cast<double>(differ) / static_cast<double>(count) : 0.0,
               naive_higher);
    if (example) {
        const auto& m = models.at(example->model);
        auto exact = chatcost::cost::price_with(example->usage, resolved[example->model]);
        bool any_counted = false;
        double unrounded = naive_unrounded(example->usage, naive[example->model], any_counted);
        fmt::print("example: {} ({})\n  exact: {} micros ({} exactly)\n  naive: {} micros ({:.17g})\n",
                   m.name, describe(example->usage, m), exact.micros().value(), exact.priced()->exact_text(),
                   naive_cost(*example, naive).value(), unrounded);
    }
    return 0;
}
