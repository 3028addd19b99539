// chatcost seed generate|apply: the price book from models.dev's catalogue, and applied to
// ai_model_prices in one statement (seed/README.md).

#include <iostream>

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "cmd/flag_checks.hpp"
#include "ledger/price_book_store.hpp"
#include "ledger/required_privileges.hpp"
#include "migrations/schema_state.hpp"
#include "pricebook/embedded_book.hpp"
#include "pricebook/models_dev_reader.hpp"
#include "pricebook/price_book_reader.hpp"
#include "pricebook/price_book_writer.hpp"
#include "reports/seed_report.hpp"
#include "util/failure.hpp"
#include "util/standard_output.hpp"
#include "util/text_file.hpp"

namespace chatcost::commands {

namespace {

struct generate_options {
    std::string from;
    std::string providers = "anthropic,openai,google";
    std::string output = "-";
};

struct apply_options {
    std::optional<std::string> file;
    bool dry_run = false;
    std::optional<std::string> effective_from;  // UTC RFC 3339 (instant_value)
};

// A dry run lists the first changed entries (a few hundred prices); a bigger book is counted.
constexpr std::int64_t dry_run_listed_entries = 100;

outcome generate(context& ctx, const generate_options& options) {
    auto selection = pricebook::parse_provider_selection(options.providers);
    auto result = pricebook::read_models_dev(read_text_input(options.from), selection);
    if (!result.errors.empty())
        throw reports::invalid_input(options.from == "-" ? "stdin" : options.from, result.errors);
    for (const auto& line : result.adjustments) ctx.log.warn(line);
    const reports::model_notes notes[] = {
        {result.skipped, "models without a price were left out", "model without a price was left out",
         "left out "},
        {result.uncarried, "models have cost fields the book does not carry",
         "model has cost fields the book does not carry", ""},
        {result.inherited, "models have tiers that inherit a price from their base",
         "model has tiers that inherit a price from its base", ""},
        {result.suspicious, "models have suspicious prices, carried as they are",
         "model has suspicious prices, carried as they are", "suspicious: ", true},
    };
    reports::log_model_notes(ctx.log, notes);
    auto book = pricebook::write_price_book(result.entries);
    if (options.output == "-") {
        std::cout << book;        // the book is the data: no report around it
        flush_standard_output();  // "wrote N prices" only once it is written
    } else {
        write_text_file_atomically(options.output, book);
    }
    ctx.log.info(
        fmt::format("wrote {} prices for {} providers", result.entries.size(), result.provider_count));
    return {};
}

outcome apply(context& ctx, const apply_options& options) {
    const std::string source = !options.file ? "embedded" : *options.file == "-" ? "stdin" : *options.file;
    const auto text =
        options.file ? read_text_input(*options.file) : std::string(pricebook::embedded_price_book_text());
    auto reading = pricebook::read_price_book(text);  // all of it is checked before anything is sent
    if (!reading.ok()) throw reports::invalid_input("price book " + source, reading.problem_lines(source));
    const auto entries = static_cast<std::int64_t>(reading.entries.size());
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    db::require_privileges(connection, "seed apply", db::seed_apply_privileges(!options.dry_run));

    if (options.dry_run) {
        auto diff = db::diff_price_book(connection, reading.entries, dry_run_listed_entries);
        return {reports::seed_dry_run_report(source, entries, diff)};
    }
    auto counts = db::apply_price_book(connection, reading.entries, options.effective_from);
    // The same figures are the report on stdout; stderr stays quiet for cron.
    ctx.log.verbose(fmt::format("price book {}: {} inserted, {} updated, {} unchanged", source,
                                counts.inserted, counts.updated, counts.unchanged));
    return {reports::seed_apply_report(source, entries, counts, !ctx.log.enabled(output::log_severity::info),
                                       options.effective_from)};
}

}  // namespace

void attach_seed(CLI::App& parent, runner& selected) {
    auto* seed =
        add_command(parent, "seed", "The price book: generate it from models.dev, apply it to the database",
                    "  chatcost seed generate --from api.json -o seed/ai_model_prices.json\n"
                    "  chatcost seed apply\n"
                    "  chatcost seed apply --file my-prices.json --dry-run\n");
    seed->require_subcommand(1);

    auto gen = std::make_shared<generate_options>();
    auto* generate_cmd =
        add_command(*seed, "generate", "Make a price book from models.dev's api.json (no database)",
                    "  curl -s https://models.dev/api.json | chatcost seed generate --from - \\\n"
                    "      -o seed/ai_model_prices.json\n"
                    "  chatcost seed generate --from api.json --providers all -v\n");
    generate_cmd->add_option("--from", gen->from, "models.dev api.json, or - for stdin")
        ->required()
        ->option_text("FILE|-");
    generate_cmd->add_option("--providers", gen->providers, "Provider ids, comma-separated, or all")
        ->option_text("LIST")
        ->default_str("anthropic,openai,google");
    generate_cmd->add_option("-o,--output", gen->output, "Where to write the book; - is stdout")
        ->option_text("FILE|-")
        ->default_str("-");
    bind_run(*generate_cmd, selected, gen, generate);

    auto app = std::make_shared<apply_options>();
    auto* apply_cmd =
        add_command(*seed, "apply",
                    "Apply the price book's default prices in one statement: a changed price opens a "
                    "new period in the price history, a custom price stays in force, unchanged rows "
                    "are not rewritten, rows not in the book are kept",
                    "  chatcost seed apply\n"
                    "  chatcost seed apply --file prices.json --dry-run\n"
                    "  chatcost seed apply --format json\n");
    apply_cmd
        ->add_option("--file", app->file, "A price book file, or - for stdin (default: the embedded book)")
        ->option_text("FILE|-");
    apply_cmd->add_flag("--dry-run", app->dry_run, "Show what would be inserted and changed; write nothing");
    apply_cmd
        ->add_option("--effective-from", app->effective_from,
                     "When the changed prices take effect (default: now): YYYY-MM-DD (UTC) or RFC 3339")
        ->transform(instant_value());
    bind_run(*apply_cmd, selected, app, writes("seed apply", apply));
}

}  // namespace chatcost::commands
