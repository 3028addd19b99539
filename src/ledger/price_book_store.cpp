#include "ledger/price_book_store.hpp"

#include <chrono>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"
#include "util/time_range.hpp"

namespace chatcost::db {

namespace {

constexpr int apply_tries = 3;

stored_micros read_prices(const pqxx::row& row, std::string_view prefix) {
    stored_micros prices;
    for (auto which : cost::all_categories) {
        auto field = row[fmt::format("{}{}", prefix, cost::price_book_column(which))];
        prices[which] =
            field.is_null() ? std::nullopt : std::optional<std::int64_t>(field.as<std::int64_t>());
    }
    return prices;
}

}  // namespace

price_book_counts apply_price_book(pqxx::connection& connection, const std::string& book_json) {
    const std::string sql(query("price_book_apply"));
    // The time of the apply comes in as a parameter, not as now() in the statement: Citus refuses
    // a function that is not IMMUTABLE in the upsert of a reference table (docs/scaling.md).
    const auto applied_at = format_rfc3339(std::chrono::duration_cast<std::chrono::microseconds>(
                                               std::chrono::system_clock::now().time_since_epoch())
                                               .count(),
                                           0);
    for (int attempt = 1;; ++attempt) {
        try {
            // nontransaction: the statement is its own transaction, with no BEGIN/COMMIT round-trips.
            pqxx::nontransaction tx(connection);
            auto row = tx.exec_params1(sql, book_json, applied_at);
            return {row["inserted"].as<std::int64_t>(), row["updated"].as<std::int64_t>(),
                    row["unchanged"].as<std::int64_t>()};
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

price_book_diff diff_price_book(pqxx::connection& connection, const std::string& book_json,
                                std::optional<std::int64_t> list_at_most) {
    pqxx::nontransaction tx(connection);
    price_book_diff diff;
    for (const auto& row : tx.exec_params(std::string(query("price_book_diff")), book_json, list_at_most)) {
        diff.inserted = row["changes_inserted"].as<std::int64_t>();
        diff.updated = row["changes_updated"].as<std::int64_t>();
        if (row["provider"].is_null()) continue;  // the counts alone: nothing changes
        price_book_change change;
        change.provider = row["provider"].as<std::string>();
        change.model = row["model"].as<std::string>();
        if (!row["is_new"].as<bool>()) change.old_prices = read_prices(row, "old_");
        change.new_prices = read_prices(row, "new_");
        diff.listed.push_back(std::move(change));
    }
    return diff;
}

std::vector<stored_price> list_prices(pqxx::connection& connection,
                                      const std::optional<std::string>& provider,
                                      const std::optional<std::string>& model) {
    pqxx::nontransaction tx(connection);
    std::vector<stored_price> prices;
    for (const auto& row : tx.exec_params(std::string(query("prices_list")), provider, model)) {
        prices.push_back({row["provider"].as<std::string>(), row["model"].as<std::string>(),
                          read_prices(row, ""), row["created_at"].as<std::string>(),
                          row["updated_at"].as<std::string>()});
    }
    return prices;
}

}  // namespace chatcost::db
