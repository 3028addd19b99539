#include <doctest/doctest.h>

#include "output/text_width.hpp"

using namespace chatcost::output;

namespace {

const std::string family =
    "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7";  // 👨‍👩‍👧
const std::string waving_dark = "\xf0\x9f\x91\x8b\xf0\x9f\x8f\xbf";              // 👋🏿
const std::string heart_emoji = "\xe2\x9d\xa4\xef\xb8\x8f";                      // ❤️
const std::string flag_fr = "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7";                  // 🇫🇷
const std::string e_acute_combining = "e\xcc\x81";                               // é
const std::string tokyo = "\xe6\x9d\xb1\xe4\xba\xac";                            // 東京
const std::string ellipsis = "\xe2\x80\xa6";                                     // …

}  // namespace

TEST_CASE("text width: a code point on its own") {
    CHECK(code_point_width('a') == 1);
    CHECK(code_point_width(0x00E9) == 1);   // é
    CHECK(code_point_width(0x6771) == 2);   // 東
    CHECK(code_point_width(0xAC00) == 2);   // 가
    CHECK(code_point_width(0xFF21) == 2);   // Ａ fullwidth
    CHECK(code_point_width(0x1F600) == 2);  // 😀
    CHECK(code_point_width(0x0301) == 0);   // combining acute
    CHECK(code_point_width(0x200B) == 0);   // zero width space
    CHECK(code_point_width(0xFE0F) == 0);   // variation selector
    CHECK(code_point_width(0x2764) == 1);   // ❤ text style by default
    CHECK(code_point_width(0x1B) == 0);
}

TEST_CASE("text width: clusters") {
    CHECK(display_width("") == 0);
    CHECK(display_width("Zo\xc3\xab") == 3);
    CHECK(display_width("\xe2\x82\xac 5") == 3);
    CHECK(display_width("\xff\xfe") == 2);  // each ill-formed byte shows as one U+FFFD
    CHECK(display_width(tokyo) == 4);
    CHECK(display_width(tokyo + "x") == 5);
    CHECK(display_width(e_acute_combining) == 1);
    CHECK(display_width(family) == 2);
    CHECK(display_width(waving_dark) == 2);
    CHECK(display_width(heart_emoji) == 2);
    CHECK(display_width(flag_fr) == 2);
    CHECK(display_width("a\xe2\x80\x8b"
                        "b") == 2);                                     // zero width space
    CHECK(display_width("\xe1\x84\x80\xe1\x85\xa1\xe1\x86\xa8") == 2);  // Hangul jamo L V T: one syllable

    auto cluster = next_grapheme_cluster(family + "x", 0);
    CHECK(cluster.length == family.size());
    CHECK(cluster.width == 2);
    CHECK(next_grapheme_cluster(flag_fr + flag_fr, 0).length == flag_fr.size());  // two flags, not one
    CHECK(next_grapheme_cluster(e_acute_combining, 0).length == 3);
}

TEST_CASE("text width: cutting to a width") {
    CHECK(cut_to_width("short", 10, ellipsis) == "short");
    CHECK(cut_to_width("exactly", 7, ellipsis) == "exactly");
    CHECK(cut_to_width("Trip planning", 8, ellipsis) == "Trip pl" + ellipsis);
    CHECK(cut_to_width("Trip planning", 8, "...") == "Trip ...");
    CHECK(display_width(cut_to_width("Trip planning", 8, ellipsis)) == 8);
    // A wide character that would straddle the edge is left out: one column short, never over.
    CHECK(cut_to_width(tokyo + tokyo, 6, ellipsis) == "\xe6\x9d\xb1\xe4\xba\xac" + ellipsis);
    CHECK(cut_to_width(tokyo + tokyo, 4, ellipsis) == "\xe6\x9d\xb1" + ellipsis);
    // Never inside a ZWJ sequence, a skin tone, a combining mark or a flag.
    CHECK(cut_to_width("ab" + family + "cd", 5, ellipsis) == "ab" + family + ellipsis);
    CHECK(cut_to_width("ab" + family + "cd", 4, ellipsis) == "ab" + ellipsis);
    CHECK(cut_to_width("a" + waving_dark + "bc", 3, ellipsis) == "a" + ellipsis);
    CHECK(cut_to_width("ab" + e_acute_combining + "cd", 4, ellipsis) == "ab" + e_acute_combining + ellipsis);
    CHECK(cut_to_width(flag_fr + flag_fr + flag_fr, 5, ellipsis) == flag_fr + flag_fr + ellipsis);
    // Never inside an escape a table wrote for a control character.
    CHECK(cut_to_width("ab\\x1b[31m", 5, ellipsis) == "ab" + ellipsis);
    CHECK(cut_to_width("ab\\x1b[31m", 7, ellipsis) == "ab\\x1b" + ellipsis);
    CHECK(cut_to_width("a\\u202edcba", 4, ellipsis) == "a" + ellipsis);
    CHECK(cut_to_width("a\\nb c d", 4, ellipsis) == "a\\n" + ellipsis);
    CHECK(cut_to_width("abc", 0, ellipsis).empty());
}
