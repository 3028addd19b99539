#pragma once
// `chatcost unpriced` as a report: JSON and CSV list every item with all its fields
// (docs/json-output.md); people get a table of the items that fits 80 columns, then each
// item's why, tokens and fix as lines of at most 80 columns, a long command wrapped with ` \`
// so that it can still be pasted into a shell.

#include <string>
#include <vector>

#include "ledger/unpriced_worklist.hpp"
#include "output/report_views.hpp"

namespace chatcost::reports {

output::report_views unpriced_report(const db::unpriced_worklist& worklist);

// `text` in lines of at most `width` columns, broken at spaces; with `shell`, every line but the
// last ends with " \" (inside the width). A word longer than the width stays whole.
std::vector<std::string> wrap_words(const std::string& text, std::size_t width, bool shell);

}  // namespace chatcost::reports
