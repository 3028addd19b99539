#pragma once
// The SQL files under sql/, compiled into the binary (see sql/meson.build).

#include <span>
#include <string_view>

#include "util/embedded_file.hpp"

namespace chatcost::db {

// Every file under sql/, sorted by path ("queries/server_info.sql", ...).
std::span<const embedded_file> embedded_sql();

// The text of sql/queries/<name>.sql; throws failure(internal) for an unknown name.
std::string_view query(std::string_view name);

}  // namespace chatcost::db
