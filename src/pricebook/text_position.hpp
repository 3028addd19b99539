#pragma once
// Where a byte offset is in a text, as people and editors count: line and column from 1, the
// column in characters (UTF-8 code points), not bytes.

#include <cstddef>
#include <string>
#include <string_view>

namespace chatcost::pricebook {

struct text_position {
    std::size_t line = 1;
    std::size_t column = 1;

    std::string to_string() const { return std::to_string(line) + ":" + std::to_string(column); }
};

// An offset past the end is clamped to the end.
text_position position_of(std::string_view text, std::size_t offset);

}  // namespace chatcost::pricebook
