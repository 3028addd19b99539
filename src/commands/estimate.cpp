// chatcost estimate: the cost engine on numbers given on the command line; no database.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "cost/message_cost.hpp"
#include "cost/price.hpp"
#include "pricebook/embedded_book.hpp"
#include "reports/cost_breakdown.hpp"
#include "util/failure.hpp"
#include "util/integer_text.hpp"

namespace chatcost::commands {

namespace {

struct estimate_options {
    cost::per_category<std::optional<std::string>> tokens;  // cache_write = cache creation tokens
    std::optional<std::string> reasoning_tokens;
    cost::per_category<std::optional<std::string>> prices;
    std::optional<std::string> model;  // PROVIDER/MODEL in the embedded price book
};

std::optional<std::int64_t> token_count(const std::optional<std::string>& text, std::string_view flag) {
    if (!text) return std::nullopt;
    auto count = parse_int64(*text);
    if (!count) {
        throw failure(exit_code::usage, fmt::format("{}: '{}' is not a whole number", flag, *text),
                      "token counts are integers such as 1200");
    }
    return count;
}

cost::token_usage usage_from(const estimate_options& options) {
    cost::token_usage usage;
    usage.input = token_count(options.tokens.input, "--input-tokens");
    usage.output = token_count(options.tokens.output, "--output-tokens");
    usage.cache_read = token_count(options.tokens.cache_read, "--cache-read-tokens");
    usage.cache_creation = token_count(options.tokens.cache_write, "--cache-creation-tokens");
    usage.reasoning = token_count(options.reasoning_tokens, "--reasoning-tokens");
    return usage;
}

std::string price_flag(cost::category which) {
    std::string flag = fmt::format("--{}-price", reports::category_name(which));
    for (auto& c : flag) c = c == '_' ? '-' : c;
    return flag;
}

// The four prices of PROVIDER/MODEL in the price book compiled into chatcost. Model ids
// may contain '/', so the provider ends at the first one.
cost::price_set book_prices(const std::string& model, reports::price_origins& origins) {
    auto slash = model.find('/');
    auto entry = slash == std::string::npos
                     ? std::nullopt
                     : pricebook::find_in_embedded_book(std::string_view(model).substr(0, slash),
                                                        std::string_view(model).substr(slash + 1));
    if (!entry) {
        throw failure(
            exit_code::invalid_input, fmt::format("--model: '{}' is not in the embedded price book", model),
            "give PROVIDER/MODEL as in seed/ai_model_prices.json, e.g. anthropic/claude-sonnet-4-20250514; "
            "'chatcost prices list' shows the book stored in the database");
    }
    cost::price_set prices;
    for (auto which : cost::all_categories) {
        if (const auto& micros = entry->prices[which]) {
            prices[which] = cost::price::from_micros_per_million(*micros).value();
            origins[which] = "price_book";
        }
    }
    return prices;
}

// Every bad price is reported, then the command fails once (exit 6). Prices given as
// flags override the --model ones, category by category.
cost::price_set prices_from(const estimate_options& options, reports::price_origins& origins) {
    cost::price_set prices = options.model ? book_prices(*options.model, origins) : cost::price_set{};
    std::string problems;
    for (auto which : cost::all_categories) {
        const auto& text = options.prices[which];
        if (!text) continue;
        auto parsed = cost::parse_price(*text);
        if (!parsed) {
            problems +=
                fmt::format("{}{}: {}", problems.empty() ? "" : "; ", price_flag(which), parsed.error());
            continue;
        }
        prices[which] = parsed.value();
        origins[which] = "flag";
    }
    if (!problems.empty()) {
        throw failure(exit_code::usage, "invalid price: " + problems,
                      "prices are USD per 1M tokens, written like 3, 0.075 or 1.25e-1");
    }
    return prices;
}

outcome run(context&, const estimate_options& options) {
    auto usage = usage_from(options);
    reports::price_origins origins;
    auto prices = prices_from(options, origins);
    auto result = cost::price_message(usage, prices);
    if (const auto* invalid = result.invalid()) {
        // Every count and price came from a flag: a value the engine refuses is a usage error.
        throw failure(exit_code::usage, "invalid usage: " + invalid->reason,
                      "token counts are whole numbers from 0 to 10^12, reasoning at most output; a message "
                      "costs at most $10,000,000");
    }
    outcome done{reports::cost_breakdown(usage, prices, origins, result)};
    done.exact_money = true;  // an estimate is read to the micro-dollar
    return done;
}

}  // namespace

void attach_estimate(CLI::App& parent, runner& selected) {
    auto options = std::make_shared<estimate_options>();
    auto* command = add_command(
        parent, "estimate", "Price one message from token counts and prices given here (no database)",
        "  chatcost estimate --input-tokens 1200 --output-tokens 800 --input-price 3 --output-price 15\n"
        "  chatcost estimate --output-tokens 1 --output-price 0.01 --format json   # 1 micro-dollar\n"
        "  chatcost estimate --model anthropic/claude-sonnet-4-20250514 --input-tokens 5000 --output-tokens "
        "700\n");
    auto tokens = [&](const char* flag, std::optional<std::string>& target, const char* what) {
        command->add_option(flag, target, what)->option_text("N")->check(whole_number(0));
    };
    tokens("--input-tokens", options->tokens.input, "Input tokens (left out: not set)");
    tokens("--output-tokens", options->tokens.output, "Output tokens, reasoning included");
    tokens("--reasoning-tokens", options->reasoning_tokens, "Reasoning tokens (shown, never priced again)");
    tokens("--cache-read-tokens", options->tokens.cache_read, "Cache read tokens");
    tokens("--cache-creation-tokens", options->tokens.cache_write, "Cache creation (write) tokens");
    auto price = [&](const char* flag, std::optional<std::string>& target, const char* what) {
        command->add_option(flag, target, what)->option_text("USD");
    };
    price("--input-price", options->prices.input,
          "USD per 1M input tokens, exact decimal (left out: unknown)");
    price("--output-price", options->prices.output, "USD per 1M output tokens");
    price("--cache-read-price", options->prices.cache_read, "USD per 1M cache read tokens");
    price("--cache-write-price", options->prices.cache_write, "USD per 1M cache write tokens");
    command
        ->add_option("--model", options->model,
                     "Take the prices from the embedded price book (flags given here override them)")
        ->option_text("PROVIDER/MODEL");
    bind_run(*command, selected, options, run);
}

}  // namespace chatcost::commands
