#pragma once
// How a long run (backfill, demo) talks on stderr, so that each audience gets what it needs:
// a person at a terminal sees a progress line and a sentence per step; a log collector
// (--log-format json) gets one JSON event per step and per batch; cron (no terminal, text
// logs) gets silence, apart from warnings and errors.

#include <ostream>
#include <string>
#include <string_view>

#include "output/log.hpp"
#include "output/progress_line.hpp"
#include "output/value.hpp"

namespace chatcost::output {

class run_feedback {
public:
    // The progress line is on when stderr is a terminal (stderr_wants_progress), logs are text
    // and not --quiet; it uses no escape code when the logger is plain (--no-color, NO_COLOR).
    run_feedback(logger& log, std::ostream& terminal);
    // For tests: the progress line on or off, whatever stderr is.
    run_feedback(logger& log, std::ostream& terminal, bool progress);

    // A step done: the event in JSON logs; the sentence at a terminal.
    void note(std::string_view event, const value& fields, const std::string& text);
    // A hitch within a step that the run deals with itself (a batch tried again): the event in
    // JSON logs; the sentence at a terminal, or with --verbose; nothing for cron.
    void detail(std::string_view event, const value& fields, const std::string& text);
    // Something went wrong and is being dealt with: a warning event in JSON logs, a warning
    // line otherwise (cron sees it too).
    void warn(std::string_view event, const value& fields, const std::string& text);
    // The run's closing record (its counts and exit code): the event in JSON logs, even with
    // --quiet, for the collector that cron's logs go to; nothing in text logs, where the summary
    // on stdout says it.
    void finish(std::string_view event, const value& fields);
    // Progress within a step: the event (when `fields` is an object) in JSON logs; the text
    // as the terminal's progress line.
    void progress(std::string_view event, const value& fields, std::string_view text);
    // Removes the progress line before something else is printed.
    void clear() { line_.clear(); }

    bool json() const { return json_; }
    bool shows_progress() const { return line_.enabled(); }

private:
    logger& log_;
    bool json_;
    progress_line line_;
};

}  // namespace chatcost::output
