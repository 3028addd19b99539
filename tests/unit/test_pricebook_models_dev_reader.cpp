#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "pricebook/models_dev_reader.hpp"
#include "pricebook/price_book_reader.hpp"
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

TEST_CASE(
    "a small catalogue in models.dev's shape, default providers: anthropic, openai and google, exact "
    "values") {
    const auto& result = small_catalogue(false);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 12);  // 3 anthropic (one more without a cost) + 7 openai + 2 google
    CHECK(result.provider_count == 3);
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
    // Tiers are carried with their exact threshold; context_over_200k (a legacy copy of one) is not
    // read, and not noted either; experimental modes are not prices the book carries.
    check_prices(result, "openai", "gpt-5.4", 2'500'000, 15'000'000, 250'000, none);
    CHECK(find(result, "openai", "gpt-5.4")->tiers ==
          std::vector<price_book_tier>{
              {272'000, {.input = 5'000'000, .output = 22'500'000, .cache_read = 500'000}, {}}});
    check_prices(result, "google", "gemini-2.5-pro", 1'250'000, 10'000'000, 125'000, none);
    CHECK(find(result, "google", "gemini-2.5-pro")->tiers ==
          std::vector<price_book_tier>{
              {200'000, {.input = 2'500'000, .output = 15'000'000, .cache_read = 250'000}, {}}});
    check_prices(result, "google", "gemini-2.5-flash", 300'000, 2'500'000, 30'000, none);
    CHECK(find(result, "google", "gemini-2.5-flash")->tiers.empty());
    CHECK_FALSE(find(result, "openai", "gpt-5.4")->reasoning_price.has_value());
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
              "openai/gpt-5.4: not carried: experimental.modes.fast.cost={\"input\":5.0,\"output\":30.0,"
              "\"cache_read\":0.5}",
              "openai/gpt-audio: not carried: input_audio=40, output_audio=80",
              "google/gemini-2.5-flash: not carried: input_audio=1.00",
          });
    CHECK(result.inherited.empty());
    CHECK(result.suspicious.empty());
    CHECK(std::is_sorted(result.entries.begin(), result.entries.end(), key_less));
}

TEST_CASE(
    "a small catalogue in models.dev's shape, all providers: ids with '/', ':' and '.', zero vs missing "
    "cost") {
    const auto& result = small_catalogue(true);
    CHECK(result.errors.empty());
    CHECK(result.entries.size() == 23);
    CHECK(result.provider_count == 9);  // github-copilot lists no prices at all
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
    CHECK(result.uncarried.size() == 4);
    // A reasoning price is carried; so are two tiers, without the audio prices they hold.
    CHECK(find(result, "opencode", "gpt-5")->reasoning_price == 10'000'000);
    CHECK(has_line(result.uncarried,
                   "aihubmix/doubao-seed-2-0-lite-260428: not carried: input_audio=1.269, "
                   "tiers[0].input_audio=1.902, tiers[1].input_audio=3.804"));
    check_prices(result, "aihubmix", "doubao-seed-2-0-lite-260428", 80'000, 510'000, 16'920, none);
    CHECK(find(result, "aihubmix", "doubao-seed-2-0-lite-260428")->tiers ==
          std::vector<price_book_tier>{
              {32'000, {.input = 130'000, .output = 760'000, .cache_read = 25'360}, {}},
              {128'000, {.input = 250'000, .output = 1'520'000, .cache_read = 50'720}, {}},
          });
    // A tier that leaves out the base's cache_write and reasoning inherits them: said, and the
    // cache write it inherits is below its own cache read: suspicious.
    const auto* gemini = find(result, "openrouter", "google/gemini-3.1-pro-preview");
    REQUIRE(gemini != nullptr);
    CHECK(gemini->reasoning_price == 12'000'000);
    CHECK(gemini->tiers ==
          std::vector<price_book_tier>{
              {200'000, {.input = 4'000'000, .output = 18'000'000, .cache_read = 400'000}, {}}});
    CHECK(result.inherited ==
          std::vector<std::string>{"openrouter/google/gemini-3.1-pro-preview: tier above 200000 inherits "
                                   "cache_write, reasoning from the base"});
    CHECK(result.suspicious ==
          std::vector<std::string>{"openrouter/google/gemini-3.1-pro-preview: tier above 200000: cache_write "
                                   "0.375 is below cache_read 0.4 (USD per 1M tokens)"});
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
    CHECK(result.entries.size() == 11);
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
              "acme/odd-prices: tiers[1].input: -2 USD per 1M tokens is negative; left out of the tier, "
              "which inherits the base's price",
              "acme/odd-prices: tiers[1].output: 1e400 USD per 1M tokens is above the largest price; left "
              "out of the tier, which inherits the base's price",
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
    // A tier of another type, or whose tier has a key besides type and size, is not carried
    // (whole); a context tier is, without its audio price; context_over_200k is noted only
    // where there are no tiers.
    CHECK(result.uncarried ==
          std::vector<std::string>{
              "acme/other-keys-only: not carried: audio=40",
              "acme/extras: not carried: audio={\"input\":40,\"output\":80}, "
              "tiers[0]={\"input\":3,\"tier\":{\"type\":\"batch\",\"size\":1}}, tiers[1].input_audio=50, "
              "tiers[3]={\"input\":9,\"tier\":{\"type\":\"context\",\"size\":300000,\"unit\":\"requests\"}}, "
              "experimental.modes.fast.cost={\"input\":6}",
              "acme/legacy-only: not carried: context_over_200k={\"input\":2,\"output\":4}",
          });
    const auto* extras = find(result, "acme", "extras");
    CHECK(extras->reasoning_price == 10'000'000);
    CHECK(extras->tiers == std::vector<price_book_tier>{
                               {128'000, {.output = 12'500'000}, {}},
                               {200'000, {.input = 2'500'000, .output = 15'000'000}, 20'000'000},
                           });
    CHECK(find(result, "acme", "legacy-only")->tiers.empty());
    // Invalid tier prices are left out of the tier (so inherited), and said so above.
    CHECK(find(result, "acme", "odd-prices")->tiers.at(1) == price_book_tier{2000, {}, {}});
    CHECK(
        result.inherited ==
        std::vector<std::string>{
            "acme/extras: tier above 128000 inherits input, reasoning from the base",
            "acme/odd-prices: tier above 2000 inherits input, output, cache_read, cache_write from the base",
        });
    CHECK(result.suspicious ==
          std::vector<std::string>{
              "acme/exponent: cache_read 0.375 is above input 0.01 (USD per 1M tokens)",
              "acme/sub-micro: cache_read 0.123457 is above input 0.000003 (USD per 1M tokens)",
              "acme/odd-prices: cache_read 1.5 is above input 1; cache_write 0.5 is below cache_read 1.5; "
              "tier above 1000: input 0.5 is below the base's 1; tier above 1000: cache_read 1 is below the "
              "base's 1.5; tier above 1000: cache_read 1 is above input 0.5 (USD per 1M tokens)",
          });
}

namespace {

// The errors of a one-model catalogue whose cost is `cost_json`.
std::vector<std::string> cost_errors(std::string_view cost_json) {
    auto text = R"({"a": {"models": {"m": {"cost": )" + std::string(cost_json) + "}}}}";
    return read_models_dev(text, parse_provider_selection("a")).errors;
}

std::string tier(std::string_view descriptor) {
    return R"({"input": 1, "output": 2, "tiers": [{"input": 3, "tier": )" + std::string(descriptor) + "}]}";
}

}  // namespace

TEST_CASE("a tier's shape: errors that make the catalogue unusable, each named") {
    CHECK(cost_errors(R"({"input": 1, "tiers": {"size": 5}})") ==
          std::vector<std::string>{"a/m: cost.tiers is an object, not an array"});
    CHECK(cost_errors(R"({"input": 1, "tiers": [3]})") ==
          std::vector<std::string>{"a/m: cost.tiers[0] is a number, not an object"});
    CHECK(cost_errors(R"({"input": 1, "tiers": [{"input": 2}]})") ==
          std::vector<std::string>{"a/m: cost.tiers[0] has no tier (its type and size)"});
    CHECK(cost_errors(tier(R"("context")")) ==
          std::vector<std::string>{"a/m: cost.tiers[0].tier is a string, not an object"});
    CHECK(cost_errors(tier(R"({"type": "context"})")) ==
          std::vector<std::string>{"a/m: cost.tiers[0].tier has no size"});
    for (std::string_view size : {"0", "-5", "2.5", "2e5", "9223372036854775808"}) {
        CHECK(cost_errors(tier(R"({"type": "context", "size": )" + std::string(size) + "}")) ==
              std::vector<std::string>{"a/m: cost.tiers[0].tier.size " + std::string(size) +
                                       " is not a positive integer of tokens"});
    }
    CHECK(cost_errors(tier(R"({"type": "context", "size": "200k"})")) ==
          std::vector<std::string>{"a/m: cost.tiers[0].tier.size is a string, not a number"});
    CHECK(cost_errors(R"({"input": 1, "tiers": [{"tier": {"type": "context", "size": 5}},
                                                 {"tier": {"type": "context", "size": 5}}]})") ==
          std::vector<std::string>{"a/m: cost.tiers[1].tier.size 5 is the size of tiers[0] too"});
    CHECK(cost_errors(R"({"input": 1, "tiers": [{"input": "3", "tier": {"type": "context", "size": 5}}]})") ==
          std::vector<std::string>{"a/m: cost.tiers[0].input is a string, not a number"});
    CHECK(cost_errors(R"({"input": 1, "reasoning": true})") ==
          std::vector<std::string>{"a/m: cost.reasoning is a boolean, not a number"});
    // The largest size the book can hold is carried exactly; an empty list is no tiers.
    auto largest = read_models_dev(R"({"a": {"models": {"m": {"cost": )" +
                                       tier(R"({"type": "context", "size": 9223372036854775807})") + "}}}}",
                                   parse_provider_selection("a"));
    CHECK(largest.errors.empty());
    CHECK(largest.entries.at(0).tiers.at(0).size == 9'223'372'036'854'775'807);
    auto empty = read_models_dev(
        R"({"a": {"models": {"m": {"cost": {"input": 1, "tiers": [], "context_over_200k": {"input": 2}}}}}})",
        parse_provider_selection("a"));
    CHECK(empty.errors.empty());
    CHECK(empty.entries.at(0).tiers.empty());
    CHECK(empty.uncarried == std::vector<std::string>{"a/m: not carried: context_over_200k={\"input\":2}"});
}

TEST_CASE("what models.dev gives is what the book reads back: tiers and reasoning prices round-trip") {
    const auto& result = small_catalogue(true);
    for (auto layout : {book_layout::file, book_layout::compact}) {
        auto reading = read_price_book(write_price_book(result.entries, layout));
        REQUIRE(reading.ok());
        CHECK(reading.entries == result.entries);
    }
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
              "provider openai: none of its 1 models has a price",
              "provider google is not in the catalogue"});
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
    CHECK(provider_selection{}.names == std::vector<std::string>{"anthropic", "openai", "google"});
    CHECK(parse_provider_selection("all").all);
    auto list = parse_provider_selection(" openai , anthropic,openai");
    CHECK_FALSE(list.all);
    CHECK(list.names == std::vector<std::string>{"openai", "anthropic"});
    CHECK_THROWS_AS(parse_provider_selection("openai,,anthropic"), chatcost::failure);
    CHECK_THROWS_AS(parse_provider_selection(""), chatcost::failure);
}
