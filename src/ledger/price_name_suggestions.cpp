#include "ledger/price_name_suggestions.hpp"

#include <algorithm>
#include <cctype>

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

namespace {

std::string lower(std::string_view text) {
    std::string out;
    for (unsigned char c : text) out += static_cast<char>(std::tolower(c));
    return out;
}

bool all_digits(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::vector<model_name> read_names(pqxx::transaction_base& tx, std::string_view query_name) {
    std::vector<model_name> names;
    for (const auto& row : tx.exec(std::string(query(query_name))))
        names.push_back({row["provider"].as<std::string>(), row["model"].as<std::string>()});
    return names;
}

}  // namespace

std::string comparable_model_name(std::string_view name) {
    const std::string lowered = lower(name);
    std::string_view text(lowered);
    // -20250514
    if (text.size() > 9 && text[text.size() - 9] == '-' && all_digits(text.substr(text.size() - 8))) {
        return std::string(text.substr(0, text.size() - 9));
    }
    // -2025-05-14
    if (text.size() > 11 && text[text.size() - 11] == '-' && text[text.size() - 3] == '-' &&
        text[text.size() - 6] == '-' && all_digits(text.substr(text.size() - 10, 4)) &&
        all_digits(text.substr(text.size() - 5, 2)) && all_digits(text.substr(text.size() - 2))) {
        return std::string(text.substr(0, text.size() - 11));
    }
    return lowered;
}

bool is_near_match(std::string_view provider, std::string_view model, std::string_view book_provider,
                   std::string_view book_model) {
    if (provider == book_provider && model == book_model) return false;
    return lower(provider) == lower(book_provider) &&
           comparable_model_name(model) == comparable_model_name(book_model);
}

std::vector<price_name_suggestion> near_book_names(std::span<const model_name> configs,
                                                   std::span<const model_name> book) {
    std::vector<price_name_suggestion> suggestions;
    for (const auto& config : configs) {
        auto exact = [&](const model_name& row) {
            return row.provider == config.provider && row.model == config.model;
        };
        if (std::any_of(book.begin(), book.end(), exact)) continue;
        for (const auto& row : book) {
            if (is_near_match(config.provider, config.model, row.provider, row.model))
                suggestions.push_back({config.provider, config.model, row.provider, row.model});
        }
    }
    return suggestions;
}

std::vector<price_name_suggestion> read_price_name_suggestions(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection);
    const auto configs = read_names(tx, "config_names_without_book_row");
    const auto book = configs.empty() ? std::vector<model_name>{} : read_names(tx, "price_book_names");
    tx.commit();
    return near_book_names(configs, book);
}

std::vector<price_name_suggestion> read_price_name_suggestions(session& session) {
    try {
        return read_price_name_suggestions(session.connection());
    } catch (const pqxx::broken_connection&) {
        auto fresh = session.open_connection();
        return read_price_name_suggestions(*fresh);
    }
}

std::vector<price_name_suggestion> read_price_name_suggestions(pqxx::transaction_base& tx,
                                                               const model_name& config) {
    const auto book = read_names(tx, "price_book_names");
    return near_book_names(std::span(&config, 1), book);
}

}  // namespace chatcost::db
