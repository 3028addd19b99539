#pragma once
// Whole numbers from text, strictly: optional '-', digits, nothing else, within int64.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chatcost {

inline std::optional<std::int64_t> parse_int64(std::string_view text) {
    std::int64_t value = 0;
    if (text.empty() || text.front() == '+') return std::nullopt;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace chatcost
