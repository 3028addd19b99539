// The snapshot suite: the real models.dev catalogue the committed book is generated from. It is
// not in the repository; tests/snapshot/run_with_snapshot.py finds it (models_dev_snapshot.py)
// and names it in CHATCOST_MODELS_DEV_SNAPSHOT, or skips this suite, saying so.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "pricebook/models_dev_reader.hpp"
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

std::string snapshot_text() {
    const char* path = std::getenv("CHATCOST_MODELS_DEV_SNAPSHOT");
    REQUIRE_MESSAGE(path != nullptr, "run through 'meson test --suite snapshot', which finds the snapshot");
    return slurp(path);
}

const generation& snapshot(bool all) {
    static const std::string text = snapshot_text();
    static const generation defaults = read_models_dev(text, provider_selection{});
    static const generation everything = read_models_dev(text, parse_provider_selection("all"));
    return all ? everything : defaults;
}

const price_book_entry* find(const generation& result, std::string_view provider, std::string_view model) {
    auto it = std::find_if(result.entries.begin(), result.entries.end(),
                           [&](const auto& e) { return e.provider == provider && e.model == model; });
    return it == result.entries.end() ? nullptr : &*it;
}

using opt = std::optional<std::int64_t>;

void check_prices(const generation& result, std::string_view provider, std::string_view model, opt input,
                  opt output, opt cache_read, opt cache_write) {
    INFO(provider << "/" << model);
    const auto* entry = find(result, provider, model);
    REQUIRE(entry != nullptr);
    CHECK(entry->prices.input == input);
    CHECK(entry->prices.output == output);
    CHECK(entry->prices.cache_read == cache_read);
    CHECK(entry->prices.cache_write == cache_write);
}

bool has_line(const std::vector<std::string>& lines, std::string_view line) {
    return std::find(lines.begin(), lines.end(), line) != lines.end();
}

const opt none = std::nullopt;

using tiers = std::vector<price_book_tier>;

void check_tiers(const generation& result, std::string_view provider, std::string_view model,
                 const tiers& expected) {
    INFO(provider << "/" << model);
    const auto* entry = find(result, provider, model);
    REQUIRE(entry != nullptr);
    CHECK(entry->tiers == expected);
}

}  // namespace

TEST_CASE("the 2026-07 snapshot, default providers: anthropic, openai and google, exact values") {
    const auto& result = snapshot(false);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 91);  // 24 anthropic + 47 openai + 20 google priced
    CHECK(result.provider_count == 3);
    CHECK(result.adjustments.empty());  // no float noise in these three providers
    CHECK(result.skipped.size() == 6);  // image models and gemma without a cost
    CHECK(has_line(result.skipped, "openai/gpt-image-1: no cost"));
    CHECK(result.inherited.empty());  // every tier states each price its base has
    CHECK(result.suspicious.empty());
    // Audio prices and fast modes only: tiers are carried, context_over_200k is not even noted.
    CHECK(result.uncarried.size() == 13);
    CHECK(has_line(result.uncarried, "google/gemini-2.5-flash: not carried: input_audio=1.00"));
    CHECK(
        has_line(result.uncarried,
                 "openai/gpt-5.4: not carried: experimental.modes.fast.cost={\"input\":5.00,\"output\":30.00,"
                 "\"cache_read\":0.50}"));
    for (const auto& line : result.uncarried) CHECK(line.find("context_over_200k") == std::string::npos);
    check_prices(result, "anthropic", "claude-opus-4-7", 5'000'000, 25'000'000, 500'000, 6'250'000);
    check_prices(result, "anthropic", "claude-sonnet-4-6", 3'000'000, 15'000'000, 300'000, 3'750'000);
    check_prices(result, "anthropic", "claude-haiku-4-5", 1'000'000, 5'000'000, 100'000, 1'250'000);
    check_prices(result, "openai", "gpt-4o", 2'500'000, 10'000'000, 1'250'000, none);
    check_prices(result, "openai", "gpt-5", 1'250'000, 10'000'000, 125'000, none);
    check_prices(result, "openai", "o1-pro", 150'000'000, 600'000'000, none, none);
    check_prices(result, "google", "gemini-2.5-flash", 300'000, 2'500'000, 30'000, none);
    CHECK(std::is_sorted(result.entries.begin(), result.entries.end(), key_less));
}

TEST_CASE("the 2026-07 snapshot: the tiered openai and google models, with their exact thresholds") {
    const auto& result = snapshot(false);
    // openai's threshold is 272,000 tokens, not the 200,000 context_over_200k implies.
    check_prices(result, "openai", "gpt-5.4", 2'500'000, 15'000'000, 250'000, none);
    check_tiers(result, "openai", "gpt-5.4",
                tiers{{272'000, {.input = 5'000'000, .output = 22'500'000, .cache_read = 500'000}, {}}});
    check_prices(result, "openai", "gpt-5.4-pro", 30'000'000, 180'000'000, none, none);
    check_tiers(result, "openai", "gpt-5.4-pro",
                tiers{{272'000, {.input = 60'000'000, .output = 270'000'000}, {}}});
    check_prices(result, "openai", "gpt-5.5", 5'000'000, 30'000'000, 500'000, none);
    check_tiers(result, "openai", "gpt-5.5",
                tiers{{272'000, {.input = 10'000'000, .output = 45'000'000, .cache_read = 1'000'000}, {}}});
    check_tiers(result, "openai", "gpt-5.5-pro",
                tiers{{272'000, {.input = 60'000'000, .output = 270'000'000}, {}}});
    check_prices(result, "google", "gemini-2.5-pro", 1'250'000, 10'000'000, 125'000, none);
    check_tiers(result, "google", "gemini-2.5-pro",
                tiers{{200'000, {.input = 2'500'000, .output = 15'000'000, .cache_read = 250'000}, {}}});
    for (auto model :
         {"gemini-3-pro-preview", "gemini-3.1-pro-preview", "gemini-3.1-pro-preview-customtools"}) {
        check_prices(result, "google", model, 2'000'000, 12'000'000, 200'000, none);
        check_tiers(result, "google", model,
                    tiers{{200'000, {.input = 4'000'000, .output = 18'000'000, .cache_read = 400'000}, {}}});
    }
    // Those eight, and no other model of the three providers, have tiers.
    std::vector<std::string> tiered;
    for (const auto& entry : result.entries) {
        if (!entry.tiers.empty()) tiered.push_back(display_key(entry));
    }
    CHECK(tiered == std::vector<std::string>{"google/gemini-2.5-pro", "google/gemini-3-pro-preview",
                                             "google/gemini-3.1-pro-preview",
                                             "google/gemini-3.1-pro-preview-customtools", "openai/gpt-5.4",
                                             "openai/gpt-5.4-pro", "openai/gpt-5.5", "openai/gpt-5.5-pro"});
}

TEST_CASE("the 2026-07 snapshot, all providers: every tier and reasoning price, float noise reported") {
    const auto& result = snapshot(true);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 4894);  // 5,276 models, 382 without a cost
    CHECK(result.skipped.size() == 382);
    CHECK(result.provider_count == 142);
    std::size_t tiered = 0;
    std::size_t reasoning = 0;
    std::map<std::int64_t, std::size_t> tiers_of_size;
    for (const auto& entry : result.entries) {
        tiered += entry.tiers.empty() ? 0 : 1;
        reasoning += entry.reasoning_price ? 1 : 0;
        for (const auto& tier : entry.tiers) ++tiers_of_size[tier.size];
    }
    CHECK(tiered == 190);
    CHECK(reasoning == 71);
    CHECK(tiers_of_size ==
          std::map<std::int64_t, std::size_t>{
              {32'000, 4}, {128'000, 6}, {200'000, 103}, {256'000, 36}, {272'000, 42}, {512'000, 3}});
    // The thresholds context_over_200k hides: 256k and 512k.
    check_tiers(result, "aihubmix", "coding-xiaomi-mimo-v2.5",
                tiers{{256'000, {.input = 160'000, .output = 800'000, .cache_read = 32'000}, {}}});
    check_tiers(result, "minimax", "MiniMax-M3",
                tiers{{512'000, {.input = 600'000, .output = 2'400'000, .cache_read = 120'000}, {}}});
    check_tiers(result, "aihubmix", "doubao-seed-2-0-code-preview",
                tiers{{32'000, {.input = 720'000, .output = 3'620'000, .cache_read = 144'656}, {}},
                      {128'000, {.input = 1'450'000, .output = 7'230'000, .cache_read = 289'320}, {}}});
    // A reasoning price apart from output.
    check_prices(result, "alibaba", "qwen-plus", 400'000, 1'200'000, none, none);
    CHECK(find(result, "alibaba", "qwen-plus")->reasoning_price == 4'000'000);
    // 149 prices in 97 models carry binary floating-point noise: each rounded to the micro-dollar,
    // and reported; nothing is negative or too large.
    CHECK(result.adjustments.size() == 149);
    for (const auto& line : result.adjustments)
        CHECK(line.find("is finer than a micro-dollar") != std::string::npos);
    CHECK(result.inherited.size() == 5);
    CHECK(has_line(
        result.inherited,
        "openrouter/google/gemini-3.1-pro-preview: tier above 200000 inherits cache_write, reasoning "
        "from the base"));
    CHECK(result.suspicious.size() == 84);
    CHECK(has_line(
        result.suspicious,
        "requesty/google/gemini-2.5-pro: tier above 200000: cache_read 0.25 is below the base's 0.31 "
        "(USD per 1M tokens)"));
    for (const auto& line : result.uncarried) CHECK(line.find("context_over_200k") == std::string::npos);
}

TEST_CASE("the committed book is what 'seed generate' makes from the snapshot named in seed/README.md") {
    const auto& generated = snapshot(false);
    REQUIRE(generated.errors.empty());
    const auto committed =
        slurp(std::filesystem::path(CHATCOST_SOURCE_ROOT) / "seed" / "ai_model_prices.json");
    CHECK(write_price_book(generated.entries) == committed);
    // And it reads back as those entries, tiers included: what `seed apply` and `estimate` use.
    auto reading = read_price_book(committed);
    REQUIRE(reading.ok());
    CHECK(reading.entries == generated.entries);
}

TEST_CASE("every model of the catalogue makes a valid book, in both layouts") {
    const auto& everything = snapshot(true);
    for (auto layout : {book_layout::file, book_layout::compact}) {
        auto reading = read_price_book(write_price_book(everything.entries, layout));
        REQUIRE(reading.ok());
        CHECK(reading.entries == everything.entries);
    }
}
