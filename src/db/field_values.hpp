#pragma once
// A result field as C++ reads it when it may be NULL: one definition for every module that reads
// rows (ledger, backfill), instead of a copy in each file.

#include <optional>
#include <string>

#include <pqxx/field>

namespace chatcost::db {

// The field's text, or nullopt when it is NULL.
inline std::optional<std::string> optional_text(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str());
}

}  // namespace chatcost::db
