#include "output/progress_line.hpp"

#include <unistd.h>

#include <algorithm>
#include <string>

#include "output/display.hpp"
#include "output/terminal.hpp"
#include "output/text_width.hpp"
#include "output/utf8.hpp"

namespace chatcost::output {

namespace {

constexpr std::string_view erase_to_end = "\x1b[K";

}  // namespace

void progress_line::show(std::string_view text) {
    if (!enabled_) return;
    const auto line = escape_for_terminal(text);
    const auto width = display_width(line);
    stream_ << '\r' << line;
    if (escapes_) {
        stream_ << erase_to_end;
    } else if (width < width_) {
        stream_ << std::string(width_ - width, ' ');
    }
    stream_.flush();
    width_ = escapes_ ? width : std::max(width, width_);
    shown_ = true;
}

void progress_line::clear() {
    if (!shown_) return;
    if (escapes_) {
        stream_ << '\r' << erase_to_end;
    } else {
        stream_ << '\r' << std::string(width_, ' ') << '\r';
    }
    stream_.flush();
    shown_ = false;
    width_ = 0;
}

bool no_color_requested() {
    auto value = process_environment("NO_COLOR");
    return value && !value->empty();
}

bool stderr_wants_progress() {
    return isatty(STDERR_FILENO) == 1 && process_environment("TERM") != "dumb";
}

}  // namespace chatcost::output
