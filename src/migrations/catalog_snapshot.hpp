#pragma once
// The shape of a database's schema, from the system catalogs: relations, columns (type, NOT
// NULL, default, identity), constraints, indexes, triggers, types, functions, extensions and
// schemas, each with its definition as PostgreSQL prints it. `migrate verify` compares two of
// them to prove that down migrations undo their up migrations exactly.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/transaction_base>

namespace chatcost::db {

struct catalog_snapshot {
    // (kind, object) -> definition: ("column", "public.users.name") -> "text NOT NULL DEFAULT ''::text".
    std::map<std::pair<std::string, std::string>, std::string> objects;
};

catalog_snapshot take_catalog_snapshot(pqxx::transaction_base& tx);

struct catalog_difference {
    std::string kind;
    std::string object;
    std::optional<std::string> expected;  // none: the object should not exist
    std::optional<std::string> actual;    // none: the object is missing
};

// What differs, ordered by kind and object; empty when the snapshots are identical.
std::vector<catalog_difference> compare_catalogs(const catalog_snapshot& expected,
                                                 const catalog_snapshot& actual);

}  // namespace chatcost::db
