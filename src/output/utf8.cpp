#include "output/utf8.hpp"

namespace chatcost::output {

namespace {

constexpr char32_t replacement_character = 0xFFFD;

bool is_continuation(unsigned char byte) {
    return byte >= 0x80 && byte <= 0xBF;
}

}  // namespace

utf8_unit decode_utf8(std::string_view text, std::size_t position) {
    auto byte_at = [&](std::size_t i) { return static_cast<unsigned char>(text[position + i]); };
    const utf8_unit invalid_byte{replacement_character, 1, false};
    unsigned char lead = byte_at(0);
    if (lead < 0x80) return {lead, 1, true};

    // Table 3-7 of the Unicode standard: the lead byte fixes the length and the range of the
    // second byte (which rules out overlong forms, surrogates and code points past U+10FFFF).
    std::size_t length = 0;
    unsigned char second_low = 0x80;
    unsigned char second_high = 0xBF;
    char32_t code_point = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code_point = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code_point = lead & 0x0Fu;
        if (lead == 0xE0) second_low = 0xA0;
        if (lead == 0xED) second_high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code_point = lead & 0x07u;
        if (lead == 0xF0) second_low = 0x90;
        if (lead == 0xF4) second_high = 0x8F;
    } else {
        return invalid_byte;
    }

    for (std::size_t i = 1; i < length; ++i) {
        if (position + i >= text.size()) return {replacement_character, i, false};
        unsigned char byte = byte_at(i);
        bool in_range = i == 1 ? byte >= second_low && byte <= second_high : is_continuation(byte);
        if (!in_range) return {replacement_character, i, false};
        code_point = (code_point << 6) | (byte & 0x3Fu);
    }
    return {code_point, length, true};
}

void append_utf8(std::string& out, char32_t code_point) {
    auto put = [&](char32_t byte) { out.push_back(static_cast<char>(byte)); };
    if (code_point < 0x80) {
        put(code_point);
    } else if (code_point < 0x800) {
        put(0xC0 | (code_point >> 6));
        put(0x80 | (code_point & 0x3F));
    } else if (code_point < 0x10000) {
        put(0xE0 | (code_point >> 12));
        put(0x80 | ((code_point >> 6) & 0x3F));
        put(0x80 | (code_point & 0x3F));
    } else {
        put(0xF0 | (code_point >> 18));
        put(0x80 | ((code_point >> 12) & 0x3F));
        put(0x80 | ((code_point >> 6) & 0x3F));
        put(0x80 | (code_point & 0x3F));
    }
}

std::string to_valid_utf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        utf8_unit unit = decode_utf8(text, i);
        if (unit.valid) {
            out.append(text.substr(i, unit.length));
        } else {
            append_utf8(out, replacement_character);
        }
        i += unit.length;
    }
    return out;
}

}  // namespace chatcost::output
