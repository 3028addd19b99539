#pragma once
// PostgreSQL array literals, for passing a batch as one parameter ($1::bigint[]): libpqxx 6.4
// binds every parameter as text and has no array type of its own.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chatcost::db {

// "{1,2,3}"; "{}" when empty.
std::string integer_array(std::span<const std::int64_t> items);
std::string integer_array(std::span<const std::uint32_t> items);
// NULL for nullopt: "{1,NULL,3}".
std::string integer_array(std::span<const std::optional<std::int64_t>> items);
// Every element double-quoted, with '"' and '\' escaped: {"a","b \"c\""}.
std::string text_array(std::span<const std::string> items);
// NULL for nullopt, the others as above: {"a",NULL}.
std::string text_array(std::span<const std::optional<std::string>> items);

}  // namespace chatcost::db
