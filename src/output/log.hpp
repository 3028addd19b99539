#pragma once
// stderr talk: progress, warnings and events for people (text) or log collectors (JSON
// lines). stdout is never written here.
//
//   text: chatcost: connected to /run/chatcost (embedded)
//         chatcost: warning: 3 messages are unpriced
//         chatcost: backfill_batch priced=500 unpriced=3 last_id=812734
//   json: {"ts":"2026-11-22T08:40:00.123Z","level":"info","event":"message","message":"..."}
//         {"ts":"...","level":"info","event":"backfill_batch","priced":500,"unpriced":3}
//
// Text lines are escaped like table cells (escape_for_terminal), so a message can neither
// drive the terminal nor break into two lines. Event figures are raw (money in micro-dollars,
// as the key says), in both formats.

#include <chrono>
#include <functional>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>

#include "output/value.hpp"

namespace chatcost::output {

enum class log_level { quiet, normal, verbose };  // -q, default, -v
enum class log_format { text, json };             // --log-format
enum class log_severity { debug, info, warn };    // JSON "level": "debug", "info", "warn"

// "text" or "json"; anything else throws failure(exit_code::usage).
log_format parse_log_format(std::string_view name);

using log_clock = std::function<std::chrono::system_clock::time_point()>;
using log_scrub = std::function<std::string(std::string_view)>;

struct logger_options {
    log_level level = log_level::normal;
    log_format format = log_format::text;
    log_clock clock;  // empty: std::chrono::system_clock::now
    // Applied to the message and to every text field before it is encoded (so JSON escaping
    // cannot hide a secret from it); the db module masks passwords with it. Empty: none.
    log_scrub scrub;
    // No escape code on stderr at all, not even to redraw a progress line (--no-color, NO_COLOR).
    bool plain = false;
};

class logger {
public:
    explicit logger(std::ostream& stream, logger_options options = {});

    // Shown unless quiet.
    void info(std::string_view message);
    // Shown only when verbose; JSON level "debug".
    void verbose(std::string_view message);
    // Always shown, quiet or not.
    void warn(std::string_view message);
    // A named event (snake_case) with its figures: `fields` is an object (anything else is
    // logged as one field, "value"). Field keys "ts", "level", "event" are reserved and are
    // renamed "field_ts" etc. Shown like info, verbose or warn according to severity.
    void event(std::string_view name, const value& fields, log_severity severity = log_severity::info);
    // A run's closing record for a log collector (backfill_finished): an info event written
    // whatever the level, --quiet included, as cron runs with --quiet.
    void record(std::string_view name, const value& fields);

    // Whether a line of that severity would be written: skip building costly messages.
    bool enabled(log_severity severity) const;
    // text or json: a command shows a terminal progress line only beside text logs.
    log_format format() const { return options_.format; }
    bool plain() const { return options_.plain; }

private:
    void write(log_severity severity, std::string_view name, const value& fields, bool always = false);

    std::ostream& stream_;
    logger_options options_;
    std::mutex mutex_;
};

// RFC 3339, UTC, milliseconds: "2026-11-22T08:40:00.123Z".
std::string format_log_timestamp(std::chrono::system_clock::time_point when);

}  // namespace chatcost::output
