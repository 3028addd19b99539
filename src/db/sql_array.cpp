#include "db/sql_array.hpp"

#include <fmt/format.h>

namespace chatcost::db {

namespace {

template <class T, class Write>
std::string array_literal(std::span<const T> items, Write write) {
    fmt::memory_buffer out;
    out.push_back('{');
    bool first = true;
    for (const auto& item : items) {
        if (!first) out.push_back(',');
        first = false;
        write(out, item);
    }
    out.push_back('}');
    return fmt::to_string(out);
}

}  // namespace

std::string integer_array(std::span<const std::int64_t> items) {
    return array_literal(
        items, [](auto& out, std::int64_t item) { fmt::format_to(std::back_inserter(out), "{}", item); });
}

std::string integer_array(std::span<const std::uint32_t> items) {
    return array_literal(
        items, [](auto& out, std::uint32_t item) { fmt::format_to(std::back_inserter(out), "{}", item); });
}

std::string integer_array(std::span<const std::optional<std::int64_t>> items) {
    return array_literal(items, [](auto& out, const std::optional<std::int64_t>& item) {
        if (item) {
            fmt::format_to(std::back_inserter(out), "{}", *item);
        } else {
            out.append(std::string_view("NULL"));
        }
    });
}

namespace {

void quoted_element(fmt::memory_buffer& out, const std::string& item) {
    out.push_back('"');
    for (char c : item) {
        if (c == '"' || c == '\\') out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('"');
}

}  // namespace

std::string text_array(std::span<const std::string> items) {
    return array_literal(items, [](auto& out, const std::string& item) { quoted_element(out, item); });
}

std::string text_array(std::span<const std::optional<std::string>> items) {
    return array_literal(items, [](auto& out, const std::optional<std::string>& item) {
        if (item) {
            quoted_element(out, *item);
        } else {
            out.append(std::string_view("NULL"));
        }
    });
}

}  // namespace chatcost::db
