#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pricebook/models_dev_reader.hpp"
#include "pricebook/price_book_writer.hpp"
#include "util/failure.hpp"

using namespace chatcost::pricebook;

namespace {

// The real catalogue is tested by the snapshot suite (tests/snapshot/), when it is found; this
// suite needs nothing beside the checkout.
const std::filesystem::path fixtures =
    std::filesystem::path(CHATCOST_SOURCE_ROOT) / "tests" / "fixtures" / "pricebook";

std::string slurp(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE_MESSAGE(file.good(), "cannot read " << path.string());
    std::ostringstream content;
    content << file.rdbuf();
    return content.str();
}

// models.dev's shape with every kind of model the real catalogues hold (tests/fixtures/pricebook/README.md).
const generation& small_catalogue(bool all) {
    static const auto text = slurp(fixtures / "models-dev-small.json");
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

TEST_CASE("a small catalogue in models.dev's shape, default providers: anthropic and openai, exact values") {
    const auto& result = small_catalogue(false);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 10);  // 3 anthropic (one more without a cost) + 7 openai
    CHECK(result.provider_count == 2);
    check_prices(result, "anthropic", "claude-3-5-haiku-20241022", 800'000, 4'000'000, 80'000, 1'000'000);
    check_prices(result, "anthropic", "claude-sonnet-4-20250514", 3'000'000, 15'000'000, 300'000, 3'750'000);
    // Numbers keep their text upstream: 15.00 is 15.
    check_prices(result, "anthropic", "claude-opus-4-1-20250805", 15'000'000, 75'000'000, 1'500'000,
                 18'750'000);
    check_prices(result, "openai", "gpt-4o", 2'500'000, 10'000'000, 1'250'000, none);
    check_prices(result, "openai", "o1-pro", 150'000'000, 600'000'000, none, none);
    // "cache_read": null is unknown, like a missing key.
    check_prices(result, "openai", "gpt-5-chat-latest", 1'250'000, 10'000'000, none, none);
    check_prices(result, "openai", "codex-mini-latest", 1'500'000, 6'000'000, 375'000, none);
    // Tiers, context_over_200k and experimental modes are not prices the book carries.
    check_prices(result, "openai", "gpt-5.4", 2'500'000, 15'000'000, 250'000, none);
    check_prices(result, "openai", "gpt-audio", 2'500'000, 10'000'000, none, none);
    check_prices(result, "openai", "gpt-4.1-nano", 100'000, 400'000, 25'000, none);
    CHECK(find(result, "anthropic", "claude-preview") == nullptr);
    CHECK(result.skipped == std::vector<std::string>{"anthropic/claude-preview: no cost"});
    // Binary floating-point noise upstream is finer than a micro-dollar: rounded, and reported.
    CHECK(result.adjustments ==
          std::vector<std::string>{"openai/gpt-4.1-nano: cache_read: 0.024999999999999998 USD per 1M tokens "
                                   "is finer than a micro-dollar; rounded to 25000 micro-dollars"});
    CHECK(result.uncarried ==
          std::vector<std::string>{
              "openai/gpt-5.4: not carried: tiers=[{\"input\":5.0,\"output\":22.5,\"cache_read\":0.5,"
              "\"tier\":{\"type\":\"context\",\"size\":272000}}], "
              "context_over_200k={\"input\":5.0,\"output\":22.5,\"cache_read\":0.5}",
              "openai/gpt-audio: not carried: input_audio=40, output_audio=80",
          });
    CHECK(std::is_sorted(result.entries.begin(), result.entries.end(), key_less));
}

TEST_CASE(
    "a small catalogue in models.dev's shape, all providers: ids with '/', ':' and '.', zero vs missing "
    "cost") {
    const auto& result = small_catalogue(true);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 19);
    CHECK(result.provider_count == 7);  // github-copilot lists no prices at all
    CHECK(result.skipped == std::vector<std::string>{
                                "anthropic/claude-preview: no cost",
                                "cloudflare-workers-ai/llama-3.1-70b-instruct: no cost",
                                "github-copilot/gpt-4o: no cost",
                                "github-copilot/claude-sonnet-4: no cost",
                            });
    CHECK(find(result, "github-copilot", "gpt-4o") == nullptr);
    // An explicit 0 is free, not unknown.
    check_prices(result, "openrouter", "z-ai/glm-4.5-air:free", 0, 0, none, none);
    check_prices(result, "openrouter", "openai/gpt-4o", 2'500'000, 10'000'000, 1'250'000, none);
    check_prices(result, "chutes", "moonshotai/Kimi-VL-A3B-Thinking", 24'990, 100'008, none, none);
    check_prices(result, "chutes", "deepseek-ai/DeepSeek-V3.1:THINKING", 200'000, 800'000, none, none);
    check_prices(result, "chutes", "Qwen/Qwen3-32B", 18'000, 72'000, none, none);  // 1.8e-2, 7.2E-2
    check_prices(result, "amazon-bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", 3'000'000, 15'000'000,
                 300'000, 3'750'000);
    check_prices(result, "amazon-bedrock", "meta.llama3-3-70b-instruct-v1:0", 720'000, 720'000, none, none);
    // 0.0000025 USD per 1M tokens is 2.5 micro-dollars: rounded half away from zero, and reported.
    check_prices(result, "cloudflare-workers-ai", "resnet-50", 3, 0, none, none);
    CHECK(result.adjustments.size() == 3);
    CHECK(has_line(result.adjustments,
                   "cloudflare-workers-ai/resnet-50: input: 0.0000025 USD per 1M tokens is finer "
                   "than a micro-dollar; rounded to 3 micro-dollars"));
    CHECK(has_line(result.adjustments,
                   "amazon-bedrock/meta.llama3-3-70b-instruct-v1:0: input: 0.7200000000000001 USD per 1M "
                   "tokens is finer than a micro-dollar; rounded to 720000 micro-dollars"));
    CHECK(result.uncarried.size() == 3);
    CHECK(has_line(result.uncarried, "opencode/gpt-5: not carried: reasoning=10"));
    // Bytewise: "Qwen/" sorts before "deepseek-ai/".
    CHECK(std::is_sorted(result.entries.begin(), result.entries.end(), key_less));
    CHECK(find(result, "chutes", "Qwen/Qwen3-32B") <
          find(result, "chutes", "deepseek-ai/DeepSeek-V3.1:THINKING"));
}

TEST_CASE("the book made from the small catalogue is the expected file, byte for byte") {
    CHECK(write_price_book(small_catalogue(false).entries) == slurp(fixtures / "models-dev-small.book.json"));
}

TEST_CASE("crafted catalogue: every conversion rule") {
    auto result =
        read_models_dev(slurp(fixtures / "models-dev-crafted.json"), parse_provider_selection("acme,beta"));
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 9);
    CHECK(result.provider_count == 2);
    check_prices(result, "acme", "exact", 3'000'000, 15'000'000, 300'000, 3'750'000);
    check_prices(result, "acme", "exponent", 10'000, 25'000'000, 375'000, none);
    check_prices(result, "acme", "sub-micro", 3, 0, 123'457, none);
    check_prices(result, "acme", "negative", none, 2'000'000, none, none);
    check_prices(result, "acme", "free", 0, 0, 0, 0);
    check_prices(result, "acme", "extras", 1'250'000, 10'000'000, none, none);
    check_prices(result, "acme", "vendor/model:variant.1", 200'000, 800'000, none, none);
    check_prices(result, "acme", "huge", none, none, none, none);
    check_prices(result, "beta", "b1", 1'000'000, 2'000'000, none, none);
    CHECK(find(result, "acme", "no-cost") == nullptr);
    CHECK(find(result, "acme", "other-keys-only") == nullptr);
    CHECK(find(result, "acme", "null-cost") == nullptr);
    CHECK(result.adjustments ==
          std::vector<std::string>{
              "acme/sub-micro: input: 0.0000025 USD per 1M tokens is finer than a micro-dollar; "
              "rounded to 3 micro-dollars",
              "acme/sub-micro: output: 0.0000004 USD per 1M tokens is finer than a "
              "micro-dollar; rounded to 0 micro-dollars",
              "acme/sub-micro: cache_read: 0.1234565 USD per 1M tokens is finer than a "
              "micro-dollar; rounded to 123457 micro-dollars",
              "acme/negative: input: -1 USD per 1M tokens is negative; stored as unknown (null)",
              "acme/huge: input: 1e400 USD per 1M tokens is above the largest price; stored as "
              "unknown (null)",
              "acme/huge: output: 99999999999999999999999 USD per 1M tokens is above the "
              "largest price; stored as unknown (null)",
          });
    CHECK(result.skipped ==
          std::vector<std::string>{
              "acme/no-cost: no cost",
              "acme/other-keys-only: its cost has none of input, output, cache_read, cache_write",
              "acme/null-cost: no cost",
          });
    CHECK(result.uncarried ==
          std::vector<std::string>{
              "acme/other-keys-only: not carried: reasoning=12, audio=40",
              "acme/extras: not carried: reasoning=10, audio={\"input\":40,\"output\":80}, "
              "context_over_200k={\"input\":2.5,\"output\":15}, "
              "tiers=[{\"up_to\":128000,\"input\":1},{\"input\":2}]",
          });
}

TEST_CASE("a requested provider missing, empty or without prices is an error naming it") {
    auto text = slurp(fixtures / "models-dev-crafted.json");
    auto result = read_models_dev(text, parse_provider_selection("beta,missing,empty,unpriced"));
    CHECK(result.errors == std::vector<std::string>{
                               "provider missing is not in the catalogue",
                               "provider empty has no models in the catalogue",
                               "provider unpriced: none of its 2 models has a price",
                           });
    // Under "all" nothing is requested by name: empty providers are only left out.
    auto all = read_models_dev(text, parse_provider_selection("all"));
    CHECK(all.errors.empty());
    CHECK(all.provider_count == 2);
}

TEST_CASE("no input or output price at all means the upstream format has changed") {
    auto renamed = slurp(fixtures / "models-dev-renamed-keys.json");
    CHECK(read_models_dev(renamed, provider_selection{}).errors ==
          std::vector<std::string>{
              "provider anthropic: none of its 1 priced models has an input or output price: the "
              "models.dev format has probably changed",
              "provider openai: none of its 1 models has a price"});
    CHECK(read_models_dev(renamed, parse_provider_selection("all")).errors ==
          std::vector<std::string>{
              "no model has an input or output price: the models.dev format has probably changed"});
    CHECK(read_models_dev("{}", parse_provider_selection("all")).errors ==
          std::vector<std::string>{
              "no model has an input or output price: the models.dev format has probably changed"});
}

TEST_CASE("malformed or misshapen catalogues") {
    CHECK(read_models_dev(slurp(fixtures / "models-dev-malformed.json"), provider_selection{}).errors ==
          std::vector<std::string>{
              "malformed JSON at 5:75: missing or superfluous comma, colon, bracket or brace"});
    // A fault in a provider that is not selected is still a fault: the whole file is checked.
    CHECK(read_models_dev(R"({"x": {"models": [1,]}, "anthropic": {}})", provider_selection{})
              .errors.at(0)
              .starts_with("malformed JSON at 1:21"));
    // Text that cannot be JSON at all says so, where it begins.
    CHECK(
        read_models_dev("\n  <!DOCTYPE html>", provider_selection{}).errors ==
        std::vector<std::string>{"not JSON at 2:3: the text begins with '<', which begins no JSON value (an "
                                 "HTML or XML page?)"});
    CHECK(read_models_dev("\xEF\xBB\xBF\xFF", provider_selection{}).errors ==
          std::vector<std::string>{
              "not JSON at 1:2: the text begins with byte 0xFF, which begins no JSON value"});
    CHECK(read_models_dev("[]", provider_selection{}).errors ==
          std::vector<std::string>{"the catalogue must be a JSON object of providers, not an array"});
    CHECK(read_models_dev(R"({"anthropic": {"models": {"m": {"cost": {"input": "3"}}}}})",
                          parse_provider_selection("anthropic"))
              .errors.at(0) == "anthropic/m: cost.input is a string, not a number");
    CHECK(read_models_dev(R"({"anthropic": {"models": []}})", parse_provider_selection("anthropic"))
              .errors.at(0) == "anthropic: models is an array, not an object");
    CHECK(read_models_dev(R"({"a": {"models": {"m": {"cost": {"input": 1}}, "m": {"cost": {"input": 2}}}}})",
                          parse_provider_selection("a"))
              .errors.at(0) == "a/m: the model appears twice");
    auto cost_not_object =
        read_models_dev(R"({"a": {"models": {"m": {"cost": 3}, "n": {"cost": {"input": 1}}}}})",
                        parse_provider_selection("a"));
    CHECK(cost_not_object.errors == std::vector<std::string>{"a/m: cost is a number, not an object"});
    CHECK(cost_not_object.skipped.empty());
    CHECK(read_models_dev(R"({"a": {"models": {"m": {"cost": {"input": 1}, "cost": {"input": 2}}}}})",
                          parse_provider_selection("a"))
              .errors == std::vector<std::string>{"a/m: cost appears twice"});
    // Found by fuzz_models_dev: a second "models" object repeated the model in the book.
    auto models_twice =
        R"({"a": {"models": {"m": {"cost": {"input": 1}}}, "models": {"m": {"cost": {"input": 2}}}}})";
    CHECK(read_models_dev(models_twice, parse_provider_selection("a")).errors ==
          std::vector<std::string>{"a: models appears twice"});
    CHECK(read_models_dev(R"({"a": {"models": {"m": {"cost": {"input": 1}}}}} x)",
                          parse_provider_selection("a"))
              .errors.at(0) ==
          "malformed JSON: unbalanced brackets or braces, or text after the end of the document");
}

TEST_CASE("--providers: a list or all") {
    CHECK(provider_selection{}.names == std::vector<std::string>{"anthropic", "openai"});
    CHECK(parse_provider_selection("all").all);
    auto list = parse_provider_selection(" openai , anthropic,openai");
    CHECK_FALSE(list.all);
    CHECK(list.names == std::vector<std::string>{"openai", "anthropic"});
    CHECK_THROWS_AS(parse_provider_selection("openai,,anthropic"), chatcost::failure);
    CHECK_THROWS_AS(parse_provider_selection(""), chatcost::failure);
}
