#pragma once
// How wide text is on a terminal, and text cut to a width: what tables pad and cut by. Widths
// are counted per grapheme cluster (what a reader sees as one character), not per code point:
// East Asian wide and fullwidth characters and emoji take two columns, combining marks,
// variation selectors, skin tones and zero-width characters none, and an emoji ZWJ sequence
// (a family, a flag) is one cluster of two columns, as current terminals draw it.

#include <cstddef>
#include <string>
#include <string_view>

namespace chatcost::output {

// 0 (combining, zero-width, controls), 1, or 2 (East Asian wide/fullwidth, emoji shown as
// emoji by default) columns for one code point on its own.
int code_point_width(char32_t code_point);

// One user-perceived character starting at text[position] (position < text.size()): its bytes
// and its width. An ill-formed UTF-8 sequence is a cluster of width 1 (it shows as U+FFFD).
struct grapheme_cluster {
    std::size_t length;
    std::size_t width;
};
grapheme_cluster next_grapheme_cluster(std::string_view text, std::size_t position);

// Columns the text takes on a terminal: the sum of its clusters' widths.
std::size_t display_width(std::string_view text);

// The text when it fits in `width` columns; else its longest prefix that fits with `ellipsis`
// after it, cut between clusters, and never inside an escape that escape_for_terminal wrote
// ("\x1b", "\u202e", "\n"). Never wider than `width`, which may leave it narrower by a column
// when a wide character would straddle the edge.
std::string cut_to_width(std::string_view text, std::size_t width, std::string_view ellipsis);

}  // namespace chatcost::output
