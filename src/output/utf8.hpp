#pragma once
// UTF-8 decoding for the renderers: text from the database is bytes, and every format must
// stay valid (JSON, CSV) or safe to print (tables, logs) whatever those bytes are.

#include <cstddef>
#include <string>
#include <string_view>

namespace chatcost::output {

// One step of decoding at some position: a code point, or an ill-formed sequence. An
// ill-formed sequence is a "maximal subpart" (Unicode 15, section 3.9): the longest prefix of
// a well-formed sequence, or else one byte, so each one is replaced exactly once.
struct utf8_unit {
    char32_t code_point;  // U+FFFD when !valid
    std::size_t length;   // bytes consumed, at least 1
    bool valid;
};

// Decodes the unit starting at text[position]; position must be < text.size().
utf8_unit decode_utf8(std::string_view text, std::size_t position);

void append_utf8(std::string& out, char32_t code_point);

// The text with every ill-formed sequence replaced by U+FFFD.
std::string to_valid_utf8(std::string_view text);

}  // namespace chatcost::output
