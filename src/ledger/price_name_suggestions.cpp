#include "ledger/price_name_suggestions.hpp"

#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"

namespace chatcost::db {

std::vector<price_name_suggestion> read_price_name_suggestions(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection);
    std::vector<price_name_suggestion> suggestions;
    for (const auto& row : tx.exec(std::string(query("price_name_suggestions")))) {
        suggestions.push_back({row["provider"].as<std::string>(), row["model"].as<std::string>(),
                               row["book_provider"].as<std::string>(), row["book_model"].as<std::string>()});
    }
    tx.commit();
    return suggestions;
}

std::vector<price_name_suggestion> read_price_name_suggestions(session& session) {
    try {
        return read_price_name_suggestions(session.connection());
    } catch (const pqxx::broken_connection&) {
        auto fresh = session.open_connection();
        return read_price_name_suggestions(*fresh);
    }
}

}  // namespace chatcost::db
