#include "db/server_message.hpp"

#include <string_view>

#include <fmt/format.h>
#include <pqxx/except>

namespace chatcost::db {

std::string server_message(const std::exception& error) {
    std::string text = error.what();
    for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
        if (text.starts_with(prefix)) text.erase(0, prefix.size());
    }
    if (auto end = text.find('\n'); end != std::string::npos) text.erase(end);
    return text;
}

std::string server_message_with_state(const std::exception& error) {
    auto text = server_message(error);
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error); sql && !sql->sqlstate().empty())
        text += fmt::format(" (SQLSTATE {})", sql->sqlstate());
    return text;
}

}  // namespace chatcost::db
