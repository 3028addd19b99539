// How fast the exact cost engine prices messages on one core, next to a naive implementation of
// the same rule (DESIGN §2: binary64 prices, ceil of the summed products, the same NULL rules,
// bounds, long-context tiers and reasoning prices), and how often the naive one is wrong. The
// messages are generated in memory from a fixed seed, so every run prices the same.
//
//   meson setup build-bench -Dbench=true --buildtype=release
//   ninja -C build-bench bench/cost_throughput && build-bench/bench/cost_throughput [MESSAGES]
//
// `cost_throughput --once IMPLEMENTATION MESSAGES` prices the messages once with one
// implementation (naive, fast, explain) inside price_all_<implementation>, for callgrind's
// --toggle-collect: bench/README.md has the command that turns it into instructions per message.

#include <fmt/core.h>

#include <algorithm>
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
#include "cost/total_cost.hpp"

namespace {

using chatcost::cost::all_categories;
using chatcost::cost::category;
using chatcost::cost::config_price_text;
using chatcost::cost::model_config_view;
using chatcost::cost::price_resolution;
using chatcost::cost::token_usage;

constexpr std::size_t default_messages = 10'000'000;
constexpr int runs = 3;  // the best of three, so that one scheduling hiccup does not count

// Prices as a model config holds them (USD per 1M tokens); an empty view is unset.
// Order: input, output, cache_read, cache_write, reasoning.
using price_texts = std::array<std::string_view, 5>;
constexpr std::size_t reasoning_slot = 4;

struct tier_spec {
    std::int64_t size = 0;
    price_texts prices{};
};

struct model {
    std::string_view name;
    price_texts prices;
    std::vector<tier_spec> tiers{};
};

// The flat configs of the first benchmark, and four from models.dev's 2026-07 catalogue with
// tiers or a reasoning price: gpt-5.4 (above 272k: 5 / 22.5 / 0.5), gemini-3.1-pro (reasoning
// price, above 200k: 4 / 18 / 0.4, cache write inherited), qwen-plus (reasoning at 4 against
// output at 1.2), doubao-seed-2.0-pro (two tiers, 32k and 128k).
// clang-format off
const std::vector<model> models{
    {"sonnet",      {"3", "15", "0.3", "3.75", ""}},
    {"opus",        {"15", "75", "1.5", "18.75", ""}},
    {"haiku",       {"0.8", "4", "0.08", "1", ""}},
    {"gpt-4o",      {"2.5", "10", "1.25", "", ""}},
    {"gpt-4o-mini", {"0.15", "0.6", "0.075", "", ""}},
    {"unpriced",    {"", "", "", "", ""}},
    {"gpt-5.4",     {"2.50", "15.00", "0.25", "", ""}, {{272'000, {"5.00", "22.50", "0.50", "", ""}}}},
    {"gemini-3.1-pro", {"2", "12", "0.2", "0.375", "12"}, {{200'000, {"4", "18", "0.4", "", ""}}}},
    {"qwen-plus",   {"0.4", "1.2", "", "", "4"}},
    {"doubao-seed", {"0.48", "2.41", "0.09644", "", ""},
                    {{32'000, {"0.72", "3.62", "0.144656", "", ""}}, {128'000, {"1.45", "7.23", "0.28932", "", ""}}}},
};
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
        m.model = static_cast<std::uint8_t>(random.below(static_cast<std::int64_t>(models.size() + 1)));
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

std::string tiers_json(const model& m) {
    constexpr std::array<std::string_view, 5> keys{"input", "output", "cache_read", "cache_write",
                                                   "reasoning"};
    std::string json = "[";
    for (const auto& tier : m.tiers) {
        json += fmt::format("{}{{\"tier\": {{\"type\": \"context\", \"size\": {}}}",
                            json.size() > 1 ? ", " : "", tier.size);
        for (std::size_t slot = 0; slot < keys.size(); ++slot) {
            if (!tier.prices[slot].empty())
                json += fmt::format(", \"{}\": \"{}\"", keys[slot], tier.prices[slot]);
        }
        json += "}";
    }
    return json + "]";
}

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
        if (!m.prices[reasoning_slot].empty()) config.reasoning = {.nested = m.prices[reasoning_slot]};
        auto tiers = tiers_json(m);
        if (!m.tiers.empty()) config.tiers_json = tiers;
        resolved.push_back(chatcost::cost::resolve_prices(config, std::nullopt));
        if (resolved.back().status != chatcost::cost::resolution_status::resolved) {
            fmt::print(stderr, "{}: {}\n", m.name, resolved.back().error);
            std::exit(1);
        }
    }
    resolved.push_back(chatcost::cost::resolve_prices(std::nullopt, std::nullopt));  // no config
    return resolved;
}

// The explain-grade result, of which backfill stores the total.
std::optional<std::int64_t> explain_cost(const message& m, const std::vector<price_resolution>& resolved) {
    return chatcost::cost::price_with(m.usage, resolved[m.model]).micros();
}

// The fast path: the total and its status only.
std::optional<std::int64_t> fast_cost(const message& m, const std::vector<price_resolution>& resolved) {
    return chatcost::cost::total_cost(m.usage, resolved[m.model]).stored();
}

// ---- the naive implementation of the same rule: binary64 prices, ceil of the sum ----

struct naive_level {
    std::int64_t above_context = -1;
    std::array<std::optional<double>, 5> prices{};  // a tier's missing prices filled from the base
};

struct naive_schedule {
    bool configured = false;
    bool any_price = false;
    std::vector<naive_level> levels{};  // the base, then the tiers by increasing size
};

std::optional<double> naive_price(std::string_view text) {
    if (text.empty()) return std::nullopt;
    return std::strtod(std::string(text).c_str(), nullptr);
}

std::vector<naive_schedule> naive_resolve_all() {
    std::vector<naive_schedule> all;
    for (const auto& m : models) {
        naive_schedule schedule{.configured = true};
        naive_level base;
        for (std::size_t slot = 0; slot < base.prices.size(); ++slot)
            base.prices[slot] = naive_price(m.prices[slot]);
        schedule.levels.push_back(base);
        for (const auto& tier : m.tiers) {
            naive_level level{.above_context = tier.size};
            for (std::size_t slot = 0; slot < level.prices.size(); ++slot) {
                auto own = naive_price(tier.prices[slot]);
                level.prices[slot] = own ? own : base.prices[slot];
            }
            schedule.levels.push_back(level);
        }
        for (const auto& level : schedule.levels) {
            for (const auto& p : level.prices) schedule.any_price = schedule.any_price || p.has_value();
        }
        all.push_back(schedule);
    }
    all.emplace_back();  // no config
    return all;
}

// The rule as one would first write it, in doubles: NULL for unpriced and invalid alike.
double naive_unrounded(const token_usage& usage, const naive_level& level, bool& any_counted) {
    double micros = 0;
    any_counted = false;
    auto add = [&](const std::optional<std::int64_t>& tokens, const std::optional<double>& price) {
        if (tokens && price) {
            micros += static_cast<double>(*tokens) * *price;
            any_counted = true;
        }
    };
    bool split = level.prices[reasoning_slot].has_value();
    auto output = usage.output;
    if (split && output) *output -= usage.reasoning.value_or(0);
    add(usage.input, level.prices[0]);
    add(output, level.prices[1]);
    add(usage.cache_read, level.prices[2]);
    add(usage.cache_creation, level.prices[3]);
    add(usage.reasoning, level.prices[reasoning_slot]);
    return micros;
}

const naive_level& naive_level_for(const token_usage& usage, const naive_schedule& schedule) {
    auto context = usage.input.value_or(0) + usage.cache_read.value_or(0) + usage.cache_creation.value_or(0);
    const naive_level* chosen = &schedule.levels.front();
    for (const auto& level : schedule.levels) {
        if (context > level.above_context) chosen = &level;
    }
    return *chosen;
}

std::optional<std::int64_t> naive_cost(const message& m, const std::vector<naive_schedule>& all) {
    const auto& usage = m.usage;
    bool any_set = false;
    for (const auto* tokens :
         {&usage.input, &usage.output, &usage.reasoning, &usage.cache_read, &usage.cache_creation}) {
        if (*tokens) {
            if (**tokens < 0 || **tokens > chatcost::cost::largest_token_count) return std::nullopt;
            any_set = true;
        }
    }
    if (usage.reasoning && usage.output && *usage.reasoning > *usage.output) return std::nullopt;
    const auto& schedule = all[m.model];
    if (!any_set || !schedule.configured || !schedule.any_price) return std::nullopt;
    bool any_counted = false;
    double micros = std::ceil(naive_unrounded(usage, naive_level_for(usage, schedule), any_counted));
    if (!any_counted || micros > static_cast<double>(chatcost::cost::largest_cost_micros))
        return std::nullopt;
    return static_cast<std::int64_t>(micros);
}

// ---- measuring ----

struct run_figures {
    double seconds = 0;
    std::size_t priced = 0;
    std::int64_t total_micros = 0;  // also keeps the compiler from dropping the work
};

// One pass over the messages with one implementation.
template <auto price, class Prices>
run_figures price_all(const std::vector<message>& messages, const Prices& prices) {
    run_figures figures;
    for (const auto& m : messages) {
        if (auto micros = price(m, prices)) {
            ++figures.priced;
            figures.total_micros += *micros;
        }
    }
    return figures;
}

// Not inlined, and no function inside has a name that matches, so that callgrind's
// --toggle-collect='*implementations::price_all_fast*' counts exactly one pass.
struct implementations {
    std::vector<price_resolution> resolved = resolve_all();
    std::vector<naive_schedule> naive = naive_resolve_all();

    [[gnu::noinline]] run_figures price_all_naive(const std::vector<message>& messages) const {
        return price_all<naive_cost>(messages, naive);
    }
    [[gnu::noinline]] run_figures price_all_fast(const std::vector<message>& messages) const {
        return price_all<fast_cost>(messages, resolved);
    }
    [[gnu::noinline]] run_figures price_all_explain(const std::vector<message>& messages) const {
        return price_all<explain_cost>(messages, resolved);
    }
};

template <class Pass>
run_figures best_of_runs(Pass&& pass) {
    run_figures best;
    for (int run = 0; run < runs; ++run) {
        auto start = std::chrono::steady_clock::now();
        run_figures figures = pass();
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
    add("reasoning", usage.reasoning, m.prices[reasoning_slot]);
    return out + (m.tiers.empty() ? "" : " (base prices shown; the message may be at a tier)");
}

int price_once(std::string_view implementation, std::size_t count) {
    auto messages = generate(count);
    implementations all;
    run_figures figures;
    if (implementation == "naive") {
        figures = all.price_all_naive(messages);
    } else if (implementation == "fast") {
        figures = all.price_all_fast(messages);
    } else if (implementation == "explain") {
        figures = all.price_all_explain(messages);
    } else {
        fmt::print(stderr, "cost_throughput: unknown implementation {} (naive, fast, explain)\n",
                   implementation);
        return 2;
    }
    fmt::print("{}: {} messages, {} priced, {} micros\n", implementation, count, figures.priced,
               figures.total_micros);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string_view(argv[1]) == "--once") {
        return price_once(argv[2], std::strtoull(argv[3], nullptr, 10));
    }
    std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : default_messages;
    auto messages = generate(count);
    implementations all;

    auto explain_figures = best_of_runs([&] { return all.price_all_explain(messages); });
    auto fast_figures = best_of_runs([&] { return all.price_all_fast(messages); });
    auto naive_figures = best_of_runs([&] { return all.price_all_naive(messages); });

    // The same NULL rules everywhere, so a difference is always between two priced results.
    std::size_t differ = 0;
    std::size_t naive_higher = 0;
    std::size_t fast_differs = 0;
    const message* example = nullptr;
    for (const auto& m : messages) {
        auto exact = explain_cost(m, all.resolved);
        fast_differs += fast_cost(m, all.resolved) != exact;
        auto naive_micros = naive_cost(m, all.naive);
        if (exact != naive_micros) {
            example = example ? example : &m;
            ++differ;
            naive_higher += naive_micros.value_or(0) > exact.value_or(0);
        }
    }

    auto rule_8_or_9 = std::count_if(models.begin(), models.end(), [](const model& m) {
        return !m.tiers.empty() || !m.prices[reasoning_slot].empty();
    });
    fmt::print(
        "{} messages, {} model configs ({} with tiers or a reasoning price), one thread, best of {} runs\n\n",
        count, models.size(), rule_8_or_9, runs);
    fmt::print("{:<24} {:>9} {:>14} {:>10} {:>18}\n", "implementation", "seconds", "messages/s", "priced",
               "sum of micros");
    auto row = [&](std::string_view name, const run_figures& f) {
        fmt::print("{:<24} {:>9.3f} {:>14.0f} {:>10} {:>18}\n", name, f.seconds,
                   static_cast<double>(count) / f.seconds, f.priced, f.total_micros);
    };
    row("exact, fast path", fast_figures);
    row("exact, explain-grade", explain_figures);
    row("naive binary64 + ceil", naive_figures);
    fmt::print("\nfast path results that differ from explain-grade ones: {}\n", fast_differs);
    fmt::print("naive results that differ from the exact ones: {} of {} ({:.3f}%), {} of them higher\n",
               differ, count, count ? 100.0 * static_cast<double>(differ) / static_cast<double>(count) : 0.0,
               naive_higher);
    if (example) {
        const auto& m = models.at(example->model);
        auto exact = chatcost::cost::price_with(example->usage, all.resolved[example->model]);
        const auto& level = naive_level_for(example->usage, all.naive[example->model]);
        bool any_counted = false;
        double unrounded = naive_unrounded(example->usage, level, any_counted);
        fmt::print("example: {} ({})\n  exact: {} micros ({} exactly)\n  naive: {} micros ({:.17g})\n",
                   m.name, describe(example->usage, m), exact.micros().value(), exact.priced()->exact_text(),
                   naive_cost(*example, all.naive).value(), unrounded);
    }
    return fast_differs == 0 ? 0 : 1;
}
