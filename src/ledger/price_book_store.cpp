#include "ledger/price_book_store.hpp"

#include <chrono>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "ledger/like_pattern.hpp"
#include "db/embedded_sql.hpp"
#include "db/sql_array.hpp"
#include "db/server_message.hpp"
#include "pricebook/price_book_writer.hpp"
#include "util/failure.hpp"
#include "util/time_range.hpp"

namespace chatcost::db {

namespace {

constexpr int apply_tries = 3;
constexpr int overtaken_tries = 50;

std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<std::int64_t>(field.as<std::int64_t>());
}

stored_micros read_prices(const pqxx::row& row, std::string_view prefix) {
    stored_micros prices;
    for (auto which : cost::all_categories) {
        auto field = row[fmt::format("{}{}", prefix, cost::price_book_column(which))];
        prices[which] = optional_int(field);
    }
    return prices;
}

// The book as the statements take it: parallel arrays, one element per entry ($1-$8 of
// price_book_apply.sql).
struct book_arrays {
    std::string providers, models, reasoning, tiers;
    cost::per_category<std::string> prices;

    explicit book_arrays(std::span<const pricebook::price_book_entry> book) {
        std::vector<std::string> provider_names, model_names;
        std::vector<std::optional<std::string>> tier_lists;
        std::vector<std::optional<std::int64_t>> reasoning_prices;
        cost::per_category<std::vector<std::optional<std::int64_t>>> category_prices;
        for (const auto& entry : book) {
            provider_names.push_back(entry.provider);
            model_names.push_back(entry.model);
            for (auto which : cost::all_categories) category_prices[which].push_back(entry.prices[which]);
            reasoning_prices.push_back(entry.reasoning_price);
            tier_lists.push_back(
                entry.tiers.empty() ? std::nullopt : std::optional(pricebook::write_tier_list(entry.tiers)));
        }
        providers = text_array(provider_names);
        models = text_array(model_names);
        for (auto which : cost::all_categories) prices[which] = integer_array(category_prices[which]);
        reasoning = integer_array(reasoning_prices);
        tiers = text_array(tier_lists);
    }
};

}  // namespace

failure refused_price_write(const pqxx::data_exception& error) {
    return failure(exit_code::invalid_input, "refused: " + server_message(error),
                   "give an effective time after the start of the current period (prices history "
                   "PROVIDER/MODEL shows it)");
}

price_book_counts apply_price_book(pqxx::connection& connection,
                                   std::span<const pricebook::price_book_entry> book,
                                   const std::optional<std::string>& effective_from) {
    const std::string sql(query("price_book_apply"));
    const book_arrays arrays(book);
    auto apply = [&](pqxx::transaction_base& tx, const std::string& applied_at) {
        using cost::category;
        return tx.exec_params1(sql, arrays.providers, arrays.models, arrays.prices[category::input],
                               arrays.prices[category::output], arrays.prices[category::cache_read],
                               arrays.prices[category::cache_write], arrays.reasoning, arrays.tiers,
                               applied_at);
    };
    for (int attempt = 1;; ++attempt) {
        // The time of the apply comes in as a parameter, not as now() in the statement: Citus
        // refuses a function that is not IMMUTABLE in the upsert of a reference table
        // (docs/scaling.md). Taken afresh on each try: see below.
        const auto applied_at = effective_from
                                    ? *effective_from
                                    : format_rfc3339(std::chrono::duration_cast<std::chrono::microseconds>(
                                                         std::chrono::system_clock::now().time_since_epoch())
                                                         .count(),
                                                     0);
        try {
            auto counts = [](const pqxx::row& row) {
                return price_book_counts{row["inserted"].as<std::int64_t>(),
                                         row["updated"].as<std::int64_t>(),
                                         row["unchanged"].as<std::int64_t>()};
            };
            if (effective_from) {
                // Told to the trigger as well: the updated_at written could equal the row's
                // (its last write had the same time), and the trigger would then take the
                // statement's time instead. A correction is rare: the round-trips do not matter.
                pqxx::work tx(connection, "seed apply");
                tx.exec_params(std::string(query("price_write_settings")), "default", *effective_from, "");
                auto row = apply(tx, applied_at);
                tx.commit();
                return counts(row);
            }
            // nontransaction: the statement is its own transaction, with no BEGIN/COMMIT round-trips.
            pqxx::nontransaction tx(connection);
            return counts(apply(tx, applied_at));
        } catch (const pqxx::data_exception& error) {
            // Without --effective-from, a concurrent apply that took its time after ours but
            // committed first has opened a period later than our time, and the trigger refuses
            // ours: once it has committed, a new time is after it. Each refusal means another
            // apply went through, so this ends; the bound only guards against a clock gone wrong.
            if (!effective_from && attempt < overtaken_tries) continue;
            throw refused_price_write(error);
        } catch (const pqxx::transaction_rollback& error) {
            // libpqxx 6.4 does not derive these from sql_error, so main would not see the SQLSTATE.
            if (attempt < apply_tries) continue;
            throw failure(exit_code::database,
                          fmt::format("database error: applying the price book failed {} times: {}",
                                      apply_tries, error.what()),
                          "run the command again");
        }
    }
}

price_book_diff diff_price_book(pqxx::connection& connection,
                                std::span<const pricebook::price_book_entry> book,
                                std::optional<std::int64_t> list_at_most) {
    pqxx::nontransaction tx(connection);
    const book_arrays arrays(book);
    using cost::category;
    price_book_diff diff;
    for (const auto& row :
         tx.exec_params(std::string(query("price_book_diff")), arrays.providers, arrays.models,
                        arrays.prices[category::input], arrays.prices[category::output],
                        arrays.prices[category::cache_read], arrays.prices[category::cache_write],
                        arrays.reasoning, arrays.tiers, list_at_most)) {
        diff.inserted = row["changes_inserted"].as<std::int64_t>();
        diff.updated = row["changes_updated"].as<std::int64_t>();
        if (row["provider"].is_null()) continue;  // the counts alone: nothing changes
        price_book_change change;
        change.provider = row["provider"].as<std::string>();
        change.model = row["model"].as<std::string>();
        if (!row["is_new"].as<bool>()) {
            change.old_prices = read_prices(row, "old_");
            change.old_reasoning = optional_int(row["old_reasoning_price"]);
            change.old_tiers = read_book_tiers(row["old_tiers"]);
        }
        change.new_prices = read_prices(row, "new_");
        change.new_reasoning = optional_int(row["new_reasoning_price"]);
        change.new_tiers = read_book_tiers(row["new_tiers"]);
        change.tiers_changed = row["tiers_changed"].as<bool>();
        diff.listed.push_back(std::move(change));
    }
    for (const auto& row :
         tx.exec_params(std::string(query("price_book_shadowed")), arrays.providers, arrays.models)) {
        diff.shadowed.push_back(
            {row["provider"].as<std::string>(), row["model"].as<std::string>(),
             row["custom_from"].as<std::string>(),
             row["note"].is_null() ? std::nullopt : std::optional(row["note"].as<std::string>())});
    }
    return diff;
}

namespace {

std::vector<stored_price> read_stored_prices(const pqxx::result& result) {
    std::vector<stored_price> prices;
    for (const auto& row : result) {
        stored_price price;
        price.provider = row["provider"].as<std::string>();
        price.model = row["model"].as<std::string>();
        price.source = row["source"].as<std::string>();
        price.prices = read_prices(row, "");
        price.reasoning_price = optional_int(row["reasoning_price"]);
        price.tiers = read_book_tiers(row["tiers"]);
        price.created_at = row["created_at"].as<std::string>();
        price.updated_at = row["updated_at"].as<std::string>();
        prices.push_back(std::move(price));
    }
    return prices;
}

// A --provider/--model filter as its ILIKE pattern: a literal substring, in any case.
std::optional<std::string> substring_of(const std::optional<std::string>& filter) {
    if (!filter) return std::nullopt;
    return contains_pattern(*filter);
}

}  // namespace

std::vector<stored_price> list_prices(pqxx::connection& connection,
                                      const std::optional<std::string>& provider,
                                      const std::optional<std::string>& model) {
    pqxx::nontransaction tx(connection);
    return read_stored_prices(
        tx.exec_params(std::string(query("prices_list")), substring_of(provider), substring_of(model)));
}

std::vector<stored_price> list_prices_at(pqxx::connection& connection,
                                         const std::optional<std::string>& provider,
                                         const std::optional<std::string>& model, const std::string& at) {
    pqxx::nontransaction tx(connection);
    return read_stored_prices(tx.exec_params(std::string(query("prices_list_at")), substring_of(provider),
                                             substring_of(model), at));
}

}  // namespace chatcost::db
