#include "output/run_feedback.hpp"

namespace chatcost::output {

run_feedback::run_feedback(logger& log, std::ostream& terminal)
    : run_feedback(
          log, terminal,
          log.format() == log_format::text && log.enabled(log_severity::info) && stderr_wants_progress()) {}

run_feedback::run_feedback(logger& log, std::ostream& terminal, bool progress)
    : log_(log), json_(log.format() == log_format::json), line_(terminal, progress && !json_, !log.plain()) {}

void run_feedback::note(std::string_view event, const value& fields, const std::string& text) {
    if (json_) log_.event(event, fields);
    if (line_.enabled()) {
        line_.clear();
        log_.info(text);
    }
}

void run_feedback::detail(std::string_view event, const value& fields, const std::string& text) {
    if (json_) {
        log_.event(event, fields);
        return;
    }
    line_.clear();
    if (line_.enabled()) {
        log_.info(text);
    } else {
        log_.verbose(text);
    }
}

void run_feedback::warn(std::string_view event, const value& fields, const std::string& text) {
    if (json_) {
        log_.event(event, fields, log_severity::warn);
        return;
    }
    line_.clear();
    log_.warn(text);
}

void run_feedback::finish(std::string_view event, const value& fields) {
    if (json_) log_.record(event, fields);
}

void run_feedback::progress(std::string_view event, const value& fields, std::string_view text) {
    if (json_ && fields.is_object()) log_.event(event, fields);
    line_.show(text);
}

}  // namespace chatcost::output
