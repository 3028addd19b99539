// chatcost seed generate|apply: the price book from models.dev's catalogue, and applied to
// ai_model_prices in one statement (seed/README.md).

#include <iostream>

#include <fmt/format.h>

#include "cmd/command.hpp"
#include "ledger/price_book_store.hpp"
#include "ledger/required_privileges.hpp"
#include "migrations/schema_state.hpp"
#include "output/display.hpp"
#include "pricebook/embedded_book.hpp"
#include "pricebook/models_dev_reader.hpp"
#include "pricebook/price_book_reader.hpp"
#include "pricebook/price_book_writer.hpp"
#include "util/failure.hpp"
#include "util/text_file.hpp"

namespace chatcost::commands {

namespace {

struct generate_options {
    std::string from;
    std::string providers = "anthropic,openai";
    std::string output = "-";
};

struct apply_options {
    std::optional<std::string> file;
    bool dry_run = false;
};

using output::value;

// Bad input is listed whole, one problem a line under one error, and fails once (exit 6).
failure invalid_input(const std::string& what, const std::vector<std::string>& problems) {
    auto message = fmt::format("{}: {} problem{}; nothing was written", what, problems.size(),
                               problems.size() == 1 ? "" : "s");
    for (const auto& problem : problems) message += "\n  " + output::escape_for_terminal(problem);
    return failure(exit_code::invalid_input, message, "fix them and run the command again");
}

outcome generate(context& ctx, const generate_options& options) {
    auto selection = pricebook::parse_provider_selection(options.providers);
    auto result = pricebook::read_models_dev(read_text_input(options.from), selection);
    if (!result.errors.empty())
        throw invalid_input(options.from == "-" ? "stdin" : options.from, result.errors);
    for (const auto& line : result.adjustments) ctx.log.warn(line);
    for (const auto& line : result.skipped) ctx.log.verbose("left out " + line);
    for (const auto& line : result.uncarried) ctx.log.verbose(line);
    if (!result.skipped.empty()) {
        ctx.log.info(
            fmt::format("{} models without a price were left out (-v lists them)", result.skipped.size()));
    }
    if (!result.uncarried.empty()) {
        ctx.log.info(fmt::format("{} models have cost fields the book does not carry (-v lists them)",
                                 result.uncarried.size()));
    }
    auto book = pricebook::write_price_book(result.entries);
    if (options.output == "-") {
        std::cout << book;  // the book is the data: no report around it
    } else {
        write_text_file_atomically(options.output, book);
    }
    ctx.log.info(
        fmt::format("wrote {} prices for {} providers", result.entries.size(), result.provider_count));
    return {};
}

// One row per price that would change: provider, model, insert|update, which price, old, new.
value change_rows(const std::vector<db::price_book_change>& changes) {
    auto rows = value::rows({"provider", "model", "action", "price", "old", "new"});
    for (const auto& change : changes) {
        for (auto which : cost::all_categories) {
            const auto& now = change.new_prices[which];
            if (change.old_prices && (*change.old_prices)[which] == now) continue;
            rows.append(value::object({
                {"provider", value::text(change.provider)},
                {"model", value::text(change.model)},
                {"action", value::text(change.old_prices ? "update" : "insert")},
                {"price", value::text(cost::price_book_column(which))},
                {"old", change.old_prices ? value::price((*change.old_prices)[which]) : value::null()},
                {"new", value::price(now)},
            }));
        }
    }
    return rows;
}

outcome apply(context& ctx, const apply_options& options) {
    const std::string source = !options.file ? "embedded" : *options.file == "-" ? "stdin" : *options.file;
    const auto text =
        options.file ? read_text_input(*options.file) : std::string(pricebook::embedded_price_book_text());
    auto reading = pricebook::read_price_book(text);  // all of it is checked before anything is sent
    if (!reading.ok()) throw invalid_input("price book " + source, reading.problem_lines(source));
    const auto book = pricebook::write_price_book(reading.entries, pricebook::book_layout::compact);
    const auto entries = static_cast<std::int64_t>(reading.entries.size());
    auto& connection = ctx.session.connection();
    db::require_current_schema(connection);
    db::require_privileges(connection, "seed apply", db::seed_apply_privileges(!options.dry_run));

    db::price_book_counts counts;
    std::optional<value> changes;
    if (options.dry_run) {
        auto diff = db::diff_price_book(connection, book);
        for (const auto& change : diff) ++(change.old_prices ? counts.updated : counts.inserted);
        counts.unchanged = entries - counts.inserted - counts.updated;
        changes = change_rows(diff);
    } else {
        counts = db::apply_price_book(connection, book);
        // The same figures are the report on stdout; stderr stays quiet for cron.
        ctx.log.verbose(fmt::format("price book {}: {} inserted, {} updated, {} unchanged", source,
                                    counts.inserted, counts.updated, counts.unchanged));
        // For cron: -q with nothing to do is silence (a table is for people; JSON and CSV always print).
        bool quiet = !ctx.log.enabled(output::log_severity::info) && ctx.format == output::format::table;
        if (quiet && counts.inserted == 0 && counts.updated == 0) return {};
    }
    auto report = value::object({{"book", value::text(source)},
                                 {"entries", value::count(entries)},
                                 {"dry_run", value::boolean(options.dry_run)}});
    report.add("inserted", value::count(counts.inserted), options.dry_run ? "Would insert" : "");
    report.add("updated", value::count(counts.updated), options.dry_run ? "Would update" : "");
    report.add("unchanged", value::count(counts.unchanged));
    if (changes) report.add("changes", std::move(*changes));
    return {std::move(report)};
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
        ->default_str("anthropic,openai");
    generate_cmd->add_option("-o,--output", gen->output, "Where to write the book; - is stdout")
        ->option_text("FILE|-")
        ->default_str("-");
    generate_cmd->callback(
        [&selected, gen] { selected = [gen](context& ctx) { return generate(ctx, *gen); }; });

    auto app = std::make_shared<apply_options>();
    auto* apply_cmd =
        add_command(*seed, "apply",
                    "Upsert the price book into ai_model_prices in one statement; unchanged rows are "
                    "not rewritten, rows not in the book are kept",
                    "  chatcost seed apply\n"
                    "  chatcost seed apply --file prices.json --dry-run\n"
                    "  chatcost seed apply --format json\n");
    apply_cmd
        ->add_option("--file", app->file, "A price book file, or - for stdin (default: the embedded book)")
        ->option_text("FILE|-");
    apply_cmd->add_flag("--dry-run", app->dry_run, "Show what would be inserted and changed; write nothing");
    apply_cmd->callback([&selected, app] { selected = [app](context& ctx) { return apply(ctx, *app); }; });
}

}  // namespace chatcost::commands
