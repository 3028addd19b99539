// The snapshot suite: the real models.dev catalogue the committed book is generated from. It is
// not in the repository; tests/snapshot/run_with_snapshot.py finds it (models_dev_snapshot.py)
// and names it in CHATCOST_MODELS_DEV_SNAPSHOT, or skips this suite, saying so.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pricebook/models_dev_reader.hpp"
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

}  // namespace

TEST_CASE("the 2025-09 snapshot, default providers: anthropic and openai, exact values") {
    const auto& result = snapshot(false);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 33);  // 10 anthropic + 23 openai, all priced
    CHECK(result.provider_count == 2);
    CHECK(result.adjustments.empty());
    check_prices(result, "anthropic", "claude-3-5-haiku-20241022", 800'000, 4'000'000, 80'000, 1'000'000);
    check_prices(result, "anthropic", "claude-opus-4-1-20250805", 15'000'000, 75'000'000, 1'500'000,
                 18'750'000);
    check_prices(result, "anthropic", "claude-3-haiku-20240307", 250'000, 1'250'000, 30'000, 300'000);
    check_prices(result, "anthropic", "claude-3-sonnet-20240229", 3'000'000, 15'000'000, 300'000, 300'000);
    check_prices(result, "anthropic", "claude-sonnet-4-20250514", 3'000'000, 15'000'000, 300'000, 3'750'000);
    check_prices(result, "openai", "gpt-4o", 2'500'000, 10'000'000, 1'250'000, none);
    check_prices(result, "openai", "gpt-4o-mini", 150'000, 600'000, 80'000, none);
    check_prices(result, "openai", "gpt-5", 1'250'000, 10'000'000, 130'000, none);
    check_prices(result, "openai", "gpt-5-nano", 50'000, 400'000, 10'000, none);
    check_prices(result, "openai", "gpt-4.1-nano", 100'000, 400'000, 30'000, none);
    check_prices(result, "openai", "codex-mini-latest", 1'500'000, 6'000'000, 375'000, none);
    check_prices(result, "openai", "o1-pro", 150'000'000, 600'000'000, none, none);
    check_prices(result, "openai", "gpt-5-chat-latest", 1'250'000, 10'000'000, none, none);
    CHECK(std::is_sorted(result.entries.begin(), result.entries.end(), key_less));
}

TEST_CASE("the 2025-09 snapshot, all providers: ids with '/', ':' and '.', zero vs missing cost") {
    const auto& result = snapshot(true);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 668);  // 687 models, 19 without a cost
    CHECK(result.provider_count == 46);   // github-copilot lists no prices at all
    CHECK(result.skipped.size() == 19);
    CHECK(has_line(result.skipped, "github-copilot/gpt-4o: no cost"));
    CHECK(find(result, "github-copilot", "gpt-4o") == nullptr);
    CHECK(find(result, "cloudflare-workers-ai", "llama-3.1-70b-instruct") == nullptr);
    // An explicit 0 is free, not unknown.
    check_prices(result, "openrouter", "z-ai/glm-4.5-air:free", 0, 0, none, none);
    check_prices(result, "chutes", "moonshotai/Kimi-VL-A3B-Thinking", 24'990, 100'008, none, none);
    check_prices(result, "chutes", "deepseek-ai/DeepSeek-V3.1:THINKING", 200'000, 800'000, none, none);
    check_prices(result, "amazon-bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", 3'000'000, 15'000'000,
                 300'000, 3'750'000);
    check_prices(result, "cloudflare-workers-ai", "flux-1-schnell", 53, 110, none, none);
    check_prices(result, "deepseek", "deepseek-chat", 570'000, 1'680'000, 70'000, none);
    // 0.0000025 USD per 1M tokens is 2.5 micro-dollars: rounded half away from zero, and reported.
    check_prices(result, "cloudflare-workers-ai", "resnet-50", 3, 0, none, none);
    REQUIRE(result.adjustments.size() == 1);
    CHECK(result.adjustments[0] ==
          "cloudflare-workers-ai/resnet-50: input: 0.0000025 USD per 1M tokens is finer "
          "than a micro-dollar; rounded to 3 micro-dollars");
    CHECK(result.uncarried.size() == 11);
    CHECK(has_line(result.uncarried, "opencode/gpt-5: not carried: reasoning=10"));
    CHECK(has_line(result.uncarried, "vercel/xai/grok-3-mini: not carried: reasoning=0.5"));
}

TEST_CASE("the committed book is what 'seed generate' makes from the snapshot named in seed/README.md") {
    const auto& generated = snapshot(false);
    REQUIRE(generated.errors.empty());
    CHECK(write_price_book(generated.entries) ==
          slurp(std::filesystem::path(CHATCOST_SOURCE_ROOT) / "seed" / "ai_model_prices.json"));
}
