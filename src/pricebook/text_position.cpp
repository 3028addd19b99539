#include "pricebook/text_position.hpp"

#include <algorithm>

namespace chatcost::pricebook {

text_position position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    text_position at;
    for (std::size_t i = 0; i < offset; ++i) {
        char c = text[i];
        if (c == '\n') {
            ++at.line;
            at.column = 1;
        } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            ++at.column;  // continuation bytes belong to the character before them
        }
    }
    return at;
}

}  // namespace chatcost::pricebook
