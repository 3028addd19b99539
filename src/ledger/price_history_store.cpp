#include "ledger/price_history_store.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional(field.as<std::int64_t>());
}

void tell_trigger(pqxx::work& tx, std::string_view kind, const std::string& effective_from,
                  const std::optional<std::string>& note) {
    tx.exec_params(std::string(query("price_write_settings")), std::string(kind), effective_from,
                   note.value_or(""));
}

}  // namespace

bool set_custom_price(pqxx::connection& connection, const std::string& entry_json,
                      const std::string& effective_from, const std::optional<std::string>& note) {
    try {
        pqxx::work tx(connection, "prices set");
        tell_trigger(tx, "custom", effective_from, note);
        auto written = tx.exec_params(std::string(query("price_custom_set")), entry_json, effective_from);
        tx.commit();
        return !written.empty();
    } catch (const pqxx::data_exception& error) {
        throw refused_price_write(error);
    }
}

unset_outcome unset_custom_price(pqxx::connection& connection, const std::string& provider,
                                 const std::string& model, const std::string& effective_from) {
    try {
        pqxx::work tx(connection, "prices unset");
        auto shown = tx.exec_params(std::string(query("price_custom_lock")), provider, model);
        if (shown.empty() || !shown[0]["custom"].as<bool>()) {
            throw failure(
                exit_code::invalid_input,
                fmt::format("{}/{} has no custom price to unset; nothing was written", provider, model),
                "`chatcost prices list --provider P --model M` shows its price and source");
        }
        tell_trigger(tx, "unset", effective_from, std::nullopt);
        auto outcome = unset_outcome::default_in_force;
        if (tx.exec_params(std::string(query("price_custom_unset_update")), provider, model, effective_from)
                .empty()) {
            tx.exec_params(std::string(query("price_custom_unset_delete")), provider, model);
            outcome = unset_outcome::no_price;
        }
        tx.commit();
        return outcome;
    } catch (const pqxx::data_exception& error) {
        throw refused_price_write(error);
    }
}

std::vector<price_period> price_history(pqxx::connection& connection, const std::string& provider,
                                        const std::string& model) {
    pqxx::nontransaction tx(connection);
    std::vector<price_period> periods;
    for (const auto& row : tx.exec_params(std::string(query("price_history")), provider, model)) {
        price_period period;
        period.id = row["id"].as<std::int64_t>();
        period.source = row["source"].as<std::string>();
        for (auto which : cost::all_categories) {
            period.prices[which] = optional_int(row[std::string(cost::price_book_column(which))]);
        }
        period.reasoning_price = optional_int(row["reasoning_price"]);
        period.tiers = read_book_tiers(row["tiers"]);
        period.valid_from = row["valid_from"].as<std::string>();
        period.valid_until = optional_text(row["valid_until"]);
        period.note = optional_text(row["note"]);
        period.messages = row["messages"].as<std::int64_t>();
        periods.push_back(std::move(period));
    }
    return periods;
}

}  // namespace chatcost::db
