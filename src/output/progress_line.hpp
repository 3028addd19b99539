#pragma once
// One status line on a terminal, rewritten in place ("\r...", erase to end of line), for
// long runs: rows done, rate, ETA. Only for people at a terminal: when disabled (stderr is not
// a terminal, --quiet, JSON logs), every call does nothing, so callers need not check.

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>

namespace chatcost::output {

class progress_line {
public:
    // `escapes`: erase with ESC [K (the usual); without, the line is overwritten with spaces, so
    // that NO_COLOR asks for, and gets, output without a single escape code.
    progress_line(std::ostream& stream, bool enabled, bool escapes = true)
        : stream_(stream), enabled_(enabled), escapes_(escapes) {}
    ~progress_line() { clear(); }
    progress_line(const progress_line&) = delete;
    progress_line& operator=(const progress_line&) = delete;

    // Replaces the line with `text` (escaped for the terminal, one line).
    void show(std::string_view text);
    // Removes the line, so that what is printed next starts on a clean line.
    void clear();

    bool enabled() const { return enabled_; }

private:
    std::ostream& stream_;
    bool enabled_;
    bool escapes_;
    bool shown_ = false;
    std::size_t width_ = 0;  // of the line shown, in terminal columns
};

// Whether a progress line on stderr would be read by a person: stderr is a terminal and TERM
// is not "dumb".
bool stderr_wants_progress();

// Whether NO_COLOR is set and not empty (https://no-color.org): then no escape code at all.
bool no_color_requested();

}  // namespace chatcost::output
