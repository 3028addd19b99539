#pragma once
// The price book's long-context tiers as the queries return them (prices_list.sql,
// price_book_diff.sql, price_catalog_configs.sql, explain_message.sql): a 2-D bigint array, one
// row [size, input, output, cache_read, cache_write, reasoning] per tier by increasing size, NULL
// for a price the tier inherits from its row; the column is NULL when the row has no tiers.
// An array rather than the jsonb text, so that the client needs no JSON reader: the CHECK of
// migration 0011 guarantees that every number fits a bigint, and PostgreSQL does the reading.

#include <vector>

#include <pqxx/result>

#include "cost/price_resolution.hpp"

namespace chatcost::db {

using book_tiers = std::vector<cost::price_book_tier>;

// `{{272000,5000000,22500000,500000,NULL,NULL},...}` as PostgreSQL prints it. Text of another
// shape (a query changed without its reader) throws std::invalid_argument naming it.
book_tiers parse_book_tiers(const char* array_text);

// The field's tiers; none for NULL.
book_tiers read_book_tiers(const pqxx::field& field);

}  // namespace chatcost::db
