#include "ledger/message_explanation.hpp"

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"

namespace chatcost::db {

namespace {

std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional(field.as<std::int64_t>());
}

}  // namespace

std::optional<stored_message> read_stored_message(pqxx::transaction_base& tx, std::int64_t id) {
    auto rows = tx.exec_params(std::string(query("explain_message")), id);
    if (rows.empty()) return std::nullopt;
    const auto& row = rows[0];
    stored_message message;
    message.id = row["id"].as<std::int64_t>();
    message.chat_id = row["chat_id"].c_str();
    message.created_at = row["created_at"].c_str();
    message.role = row["role"].c_str();
    message.usage = {optional_int(row["input_tokens"]), optional_int(row["output_tokens"]),
                     optional_int(row["reasoning_tokens"]), optional_int(row["cache_read_tokens"]),
                     optional_int(row["cache_creation_tokens"])};
    message.total_cost_micros = optional_int(row["total_cost_micros"]);
    message.created_at_us = row["created_at_us"].as<std::int64_t>();
    if (!row["cost_price_ref"].is_null()) {
        stored_price_ref ref;
        ref.id = row["cost_price_ref"].as<std::int64_t>();
        ref.found = row["ref_found"].as<bool>();
        if (ref.found) {
            ref.key = {row["ref_source"].c_str(), optional_int(row["ref_period_id"]),
                       optional_text(row["ref_config_id"]), optional_text(row["ref_config_prices"]),
                       optional_int(row["ref_tier_size"])};
            ref.valid_from = optional_text(row["ref_valid_from"]);
            ref.valid_until = optional_text(row["ref_valid_until"]);
        }
        message.price_ref = std::move(ref);
    }
    if (!row["model_config_id"].is_null()) message.model_config_id = row["model_config_id"].c_str();
    if (!row["config_id"].is_null()) {
        message.config = config_prices::from_row(row);
        message.display_name = row["display_name"].c_str();
    }
    return message;
}

}  // namespace chatcost::db
