#include "reports/estimate_prices.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include <fmt/format.h>

#include "cost/price.hpp"
#include "util/failure.hpp"
#include "util/integer_text.hpp"

namespace chatcost::reports {

namespace {

// The five prices of a tier, in the order of the ordered form.
constexpr std::array<std::string_view, 5> tier_price_names{"input", "output", "cache_read", "cache_write",
                                                           "reasoning"};
constexpr std::size_t reasoning_index = 4;

using tier_result = result<std::vector<cost::context_tier>>;

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (std::size_t start = 0;;) {
        auto end = text.find(separator, start);
        parts.push_back(
            text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

// The price texts of one tier, by tier_price_names index; nullopt inherits the base's.
result<std::array<std::optional<std::string_view>, 5>> tier_price_texts(std::string_view prices) {
    using texts = std::array<std::optional<std::string_view>, 5>;
    using texts_result = result<texts>;
    texts out;
    if (prices.empty()) return out;  // every price inherited: the tier is the base again
    auto fields = split(prices, ',');
    const auto named = std::count_if(fields.begin(), fields.end(),
                                     [](auto field) { return field.find('=') != std::string_view::npos; });
    if (named == 0) {
        if (fields.size() > out.size()) {
            return texts_result::failure(
                fmt::format("{} prices, at most {}: input, output, cache_read, cache_write, "
                            "reasoning",
                            fields.size(), out.size()));
        }
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (!fields[i].empty()) out[i] = fields[i];  // empty: inherited
        }
        return out;
    }
    if (static_cast<std::size_t>(named) != fields.size()) {
        return texts_result::failure("give the prices either in order or all as NAME=USD, not both");
    }
    for (auto field : fields) {
        auto equals = field.find('=');
        auto name = field.substr(0, equals);
        auto found = std::find(tier_price_names.begin(), tier_price_names.end(), name);
        if (found == tier_price_names.end()) {
            return texts_result::failure(
                fmt::format("'{}' is not a price name: input, output, cache_read, cache_write, "
                            "reasoning",
                            name));
        }
        auto& slot = out[static_cast<std::size_t>(found - tier_price_names.begin())];
        if (slot) return texts_result::failure(fmt::format("{} is given twice", name));
        slot = field.substr(equals + 1);
    }
    return out;
}

result<cost::context_tier> parse_tier(std::string_view text) {
    auto colon = text.find(':');
    if (colon == std::string_view::npos) {
        return result<cost::context_tier>::failure(
            "a tier is SIZE:PRICES, the size a context must exceed, e.g. 272000:5,22.5,0.5");
    }
    cost::context_tier tier;
    auto size_text = text.substr(0, colon);
    auto size = parse_int64(size_text);
    if (!size || *size <= 0) {
        return result<cost::context_tier>::failure(
            fmt::format("size '{}' is not a whole number of tokens above 0", size_text));
    }
    tier.size = *size;
    auto texts = tier_price_texts(text.substr(colon + 1));
    if (!texts) return result<cost::context_tier>::failure(texts.error());
    for (std::size_t i = 0; i < tier_price_names.size(); ++i) {
        const auto& price_text = texts.value()[i];
        if (!price_text) continue;
        auto parsed = cost::parse_price(*price_text);
        if (!parsed) {
            return result<cost::context_tier>::failure(
                fmt::format("{}: {}", tier_price_names[i], parsed.error()));
        }
        if (i == reasoning_index) {
            tier.reasoning = parsed.value();
        } else {
            tier.prices[cost::all_categories[i]] = parsed.value();
        }
    }
    return tier;
}

}  // namespace

std::string price_flag(cost::category which) {
    std::string flag = fmt::format("--{}-price", category_name(which));
    std::replace(flag.begin(), flag.end(), '_', '-');
    return flag;
}

tier_result parse_context_tiers(std::string_view spec) {
    std::vector<cost::context_tier> tiers;
    std::string problems;
    for (auto text : split(spec, ';')) {
        auto tier = parse_tier(text);
        if (tier) {
            tiers.push_back(tier.value());
        } else {
            problems += fmt::format("{}'{}': {}", problems.empty() ? "" : "; ", text, tier.error());
        }
    }
    if (!problems.empty()) return tier_result::failure(problems);
    return tiers;
}

estimate_prices estimate_prices_from(const std::optional<cost::price_book_row>& book,
                                     const estimate_price_flags& flags) {
    estimate_prices out;
    cost::price_set base;
    std::optional<cost::price> reasoning;
    std::vector<cost::context_tier> tiers;
    if (book) {
        // The book row as backfill reads it: a config that sets no price of its own.
        auto resolution = cost::resolve_prices(
            cost::model_config_view{.provider = book->provider, .model = book->model}, book);
        if (resolution.status != cost::resolution_status::resolved) {
            throw failure(exit_code::invalid_input, "--model: " + resolution.error,
                          "the embedded price book is checked by the test suite: report this");
        }
        base = resolution.prices;
        reasoning = resolution.schedule.reasoning_price();
        tiers = resolution.schedule.tiers();
        out.origins = origins_of(resolution);
    }

    std::vector<std::string> problems;
    auto take = [&](const std::optional<std::string>& text, std::string_view flag,
                    std::optional<cost::price>& target, std::string& origin) {
        if (!text) return;
        auto parsed = cost::parse_price(*text);
        if (!parsed) {
            problems.push_back(fmt::format("{}: {}", flag, parsed.error()));
            return;
        }
        target = parsed.value();
        origin = "flag";
    };
    for (auto which : cost::all_categories) {
        take(flags.prices[which], price_flag(which), base[which], out.origins.categories[which]);
    }
    take(flags.reasoning, "--reasoning-price", reasoning, out.origins.reasoning);
    bool tier_problem = false;
    if (!flags.context_tiers.empty()) {
        tiers.clear();  // the flag's tiers replace the book's, all of them
        out.origins.tiers = "flag";
        for (const auto& spec : flags.context_tiers) {
            auto parsed = parse_context_tiers(spec);
            if (!parsed) {
                problems.push_back("--context-tiers: " + parsed.error());
                tier_problem = true;
                continue;
            }
            for (const auto& tier : parsed.value()) {
                bool repeated = std::any_of(tiers.begin(), tiers.end(),
                                            [&](const auto& other) { return other.size == tier.size; });
                if (repeated) {
                    problems.push_back(fmt::format("--context-tiers: two tiers have the size {}", tier.size));
                    tier_problem = true;
                }
                tiers.push_back(tier);
            }
        }
    }
    if (problems.empty()) {
        auto schedule = cost::price_schedule::with_tiers(base, reasoning, tiers);
        if (schedule) {
            out.schedule = std::move(schedule).value();
            if (tiers.empty()) out.origins.tiers.clear();
            return out;
        }
        problems.push_back("--context-tiers: " + schedule.error());  // not expected: checked above
        tier_problem = true;
    }
    std::string joined;
    for (const auto& problem : problems) joined += (joined.empty() ? "" : "; ") + problem;
    throw failure(exit_code::usage, "invalid price: " + joined,
                  tier_problem ? "a tier is SIZE:INPUT,OUTPUT,CACHE_READ,CACHE_WRITE,REASONING in USD per 1M "
                                 "tokens (a price left empty inherits the base's) or SIZE:NAME=USD,..., e.g. "
                                 "272000:5,22.5,0.5; several tiers are separated by ';'"
                               : "prices are USD per 1M tokens, written like 3, 0.075 or 1.25e-1");
}

}  // namespace chatcost::reports
