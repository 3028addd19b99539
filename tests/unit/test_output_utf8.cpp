#include <doctest/doctest.h>

#include "output/utf8.hpp"

using namespace chatcost::output;

TEST_CASE("utf8: well-formed sequences decode to their code point") {
    CHECK(decode_utf8("A", 0).code_point == U'A');
    auto two = decode_utf8("\xc3\xab", 0);  // ë
    CHECK(two.valid);
    CHECK(two.code_point == 0xEB);
    CHECK(two.length == 2);
    auto three = decode_utf8("\xe2\x82\xac", 0);  // €
    CHECK(three.code_point == 0x20AC);
    auto four = decode_utf8("\xf0\x9f\x98\x80", 0);  // 😀
    CHECK(four.code_point == 0x1F600);
    CHECK(four.length == 4);
}

TEST_CASE("utf8: ill-formed sequences are replaced once per maximal subpart") {
    CHECK(to_valid_utf8("\xff") == "\xef\xbf\xbd");
    CHECK(to_valid_utf8("a\x80z") == "a\xef\xbf\xbdz");                              // lone continuation
    CHECK(to_valid_utf8("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong
    CHECK(to_valid_utf8("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
    CHECK(to_valid_utf8("\xf4\x90\x80\x80").size() == 12);                           // past U+10FFFF
    CHECK(to_valid_utf8("\xe2\x82") == "\xef\xbf\xbd");                              // truncated: one unit
    CHECK(to_valid_utf8("\xe2\x82z") == "\xef\xbf\xbdz");
    CHECK(to_valid_utf8("Zo\xc3\xab") == "Zo\xc3\xab");
}

TEST_CASE("utf8: encoding") {
    std::string out;
    append_utf8(out, 0x24);
    append_utf8(out, 0xA2);
    append_utf8(out, 0x20AC);
    append_utf8(out, 0x10348);
    CHECK(out == "$\xc2\xa2\xe2\x82\xac\xf0\x90\x8d\x88");
}
