// chatcost estimate: the cost engine on numbers given on the command line; no database.

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "cost/message_cost.hpp"
#include "cost/price_resolution.hpp"
#include "pricebook/embedded_book.hpp"
#include "reports/cost_breakdown.hpp"
#include "reports/csv_totals.hpp"
#include "reports/estimate_prices.hpp"
#include "util/failure.hpp"
#include "util/integer_text.hpp"

namespace chatcost::commands {

namespace {

struct estimate_options {
    cost::per_category<std::optional<std::string>> tokens;  // cache_write = cache creation tokens
    std::optional<std::string> reasoning_tokens;
    reports::estimate_price_flags flags;  // the prices, reasoning price and context tiers
    std::optional<std::string> model;     // PROVIDER/MODEL in the embedded price book
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

// The entry for PROVIDER/MODEL in the price book compiled into chatcost. Model ids may contain
// '/', so the provider ends at the first one.
pricebook::price_book_entry book_entry(const std::string& model) {
    auto slash = model.find('/');
    auto entry = slash == std::string::npos
                     ? std::nullopt
                     : pricebook::find_in_embedded_book(std::string_view(model).substr(0, slash),
                                                        std::string_view(model).substr(slash + 1));
    if (!entry) {
        throw failure(exit_code::invalid_input,
                      fmt::format("--model: '{}' is not in the embedded price book", model),
                      "give PROVIDER/MODEL as in seed/ai_model_prices.json, e.g. openai/gpt-5.4; "
                      "'chatcost prices list' shows the book stored in the database");
    }
    return *std::move(entry);
}

outcome run(context&, const estimate_options& options) {
    auto usage = usage_from(options);
    // The book row as the cost engine reads one (price_resolution.hpp); `tiers` holds its tiers.
    std::optional<pricebook::price_book_entry> entry;
    std::vector<cost::price_book_tier> tiers;
    std::optional<cost::price_book_row> row;
    if (options.model) {
        entry = book_entry(*options.model);
        for (const auto& tier : entry->tiers) tiers.push_back({tier.size, tier.prices, tier.reasoning_price});
        row =
            cost::price_book_row{entry->provider, entry->model, entry->prices, entry->reasoning_price, tiers};
    }
    auto prices = reports::estimate_prices_from(row, options.flags);
    auto result = cost::price_message(usage, prices.schedule);
    if (const auto* invalid = result.invalid()) {
        // Every count and price came from a flag: a value the engine refuses is a usage error.
        throw failure(exit_code::usage, "invalid usage: " + invalid->reason,
                      "token counts are whole numbers from 0 to 10^12, reasoning at most output; a message "
                      "costs at most $10,000,000");
    }
    outcome done{reports::with_breakdown_total_row(
        reports::cost_breakdown(usage, prices.schedule, prices.origins, result))};
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
        "700\n"
        "  chatcost estimate --input-tokens 300000 --output-tokens 500 --input-price 2.5 --output-price 15 "
        "--context-tiers 272000:5,22.5\n");
    auto tokens = [&](const char* flag, std::optional<std::string>& target, const char* what) {
        command->add_option(flag, target, what)->option_text("N")->check(whole_number(0));
    };
    tokens("--input-tokens", options->tokens.input, "Input tokens (left out: not set)");
    tokens("--output-tokens", options->tokens.output, "Output tokens, reasoning included");
    tokens("--reasoning-tokens", options->reasoning_tokens,
           "Reasoning tokens, inside output (priced apart only at a --reasoning-price)");
    tokens("--cache-read-tokens", options->tokens.cache_read, "Cache read tokens");
    tokens("--cache-creation-tokens", options->tokens.cache_write, "Cache creation (write) tokens");
    auto price = [&](const char* flag, std::optional<std::string>& target, const char* what) {
        command->add_option(flag, target, what)->option_text("USD");
    };
    price("--input-price", options->flags.prices.input,
          "USD per 1M input tokens, exact decimal (left out: unknown)");
    price("--output-price", options->flags.prices.output, "USD per 1M output tokens");
    price("--cache-read-price", options->flags.prices.cache_read, "USD per 1M cache read tokens");
    price("--cache-write-price", options->flags.prices.cache_write, "USD per 1M cache write tokens");
    price("--reasoning-price", options->flags.reasoning,
          "USD per 1M reasoning tokens; output's own price is then for output - reasoning");
    command
        ->add_option(
            "--context-tiers", options->flags.context_tiers,
            "Prices above SIZE tokens of context: SIZE:INPUT,OUTPUT,CACHE_READ,CACHE_WRITE,REASONING "
            "(USD per 1M; left empty: the base's) or SIZE:NAME=USD,...; ';' or the flag again for more")
        ->option_text("SPEC")
        ->allow_extra_args(false);
    command
        ->add_option("--model", options->model,
                     "Take the prices, reasoning price and tiers from the embedded price book (flags given "
                     "here override them)")
        ->option_text("PROVIDER/MODEL");
    bind_run(*command, selected, options, run);
}

}  // namespace chatcost::commands
