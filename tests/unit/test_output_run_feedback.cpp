#include <doctest/doctest.h>

#include <sstream>

#include "output/progress_line.hpp"
#include "output/run_feedback.hpp"

using namespace chatcost::output;

namespace {
logger_options fixed(log_format format, bool plain = false, log_level level = log_level::normal) {
    logger_options options;
    options.format = format;
    options.level = level;
    options.plain = plain;
    options.clock = [] { return std::chrono::system_clock::time_point{}; };
    return options;
}
}  // namespace

TEST_CASE("progress line: redrawn with ESC [K, or with spaces when escapes are off") {
    std::ostringstream with, without;
    {
        progress_line line(with, true);
        line.show("loading: 10");
        line.show("done");
        line.clear();
    }
    CHECK(with.str() == "\rloading: 10\x1b[K\rdone\x1b[K\r\x1b[K");
    {
        progress_line line(without, true, false);
        line.show("loading: 10");
        line.show("done");
        line.clear();
    }
    CHECK(without.str() == "\rloading: 10\rdone       \r           \r");
    CHECK(without.str().find('\x1b') == std::string::npos);
}

TEST_CASE("progress line: disabled, it writes nothing; escapes in the text are neutralised") {
    std::ostringstream off, on;
    progress_line quiet(off, false);
    quiet.show("x");
    quiet.clear();
    CHECK(off.str().empty());
    progress_line line(on, true, false);
    line.show("a\x1b[2Jb");
    CHECK(on.str().find('\x1b') == std::string::npos);
}

TEST_CASE("run feedback: a terminal gets sentences and the progress line") {
    std::ostringstream err;
    logger log(err, fixed(log_format::text));
    run_feedback feedback(log, err, true);
    CHECK(feedback.shows_progress());
    feedback.progress("step", value::object({{"n", value::integer(1)}}), "working 1");
    feedback.note("done", value::object({{"n", value::integer(2)}}), "all done");
    CHECK(err.str() == "\rworking 1\x1b[K\r\x1b[Kchatcost: all done\n");
}

TEST_CASE("run feedback: plain logs redraw without escapes") {
    std::ostringstream err;
    logger log(err, fixed(log_format::text, true));
    run_feedback feedback(log, err, true);
    feedback.progress("", value(), "abc");
    feedback.note("done", value::object(), "ok");
    CHECK(err.str() == "\rabc\r   \rchatcost: ok\n");
}

TEST_CASE("run feedback: JSON logs get events, never the progress line") {
    std::ostringstream err;
    logger log(err, fixed(log_format::json));
    run_feedback feedback(log, err, true);
    CHECK(feedback.json());
    CHECK_FALSE(feedback.shows_progress());
    feedback.progress("batch", value::object({{"rows", value::integer(5)}}), "working");
    feedback.progress("", value(), "no event for this one");
    feedback.note("done", value::object({{"rows", value::integer(5)}}), "all done");
    CHECK(err.str() ==
          "{\"ts\":\"1970-01-01T00:00:00.000Z\",\"level\":\"info\",\"event\":\"batch\",\"rows\":5}\n"
          "{\"ts\":\"1970-01-01T00:00:00.000Z\",\"level\":\"info\",\"event\":\"done\",\"rows\":5}\n");
}

TEST_CASE("run feedback: no terminal and text logs is silence (cron)") {
    std::ostringstream err;
    logger log(err, fixed(log_format::text));
    run_feedback feedback(log, err, false);
    feedback.progress("batch", value::object({{"rows", value::integer(5)}}), "working");
    feedback.note("done", value::object(), "all done");
    feedback.clear();
    CHECK(err.str().empty());
}

TEST_CASE("run feedback: a detail is for a terminal, --verbose or JSON logs, never cron's text") {
    auto fields = value::object({{"retry", value::integer(1)}});
    std::ostringstream cron, verbose, terminal, json;
    {
        logger log(cron, fixed(log_format::text));
        run_feedback(log, cron, false).detail("backfill_retry", fields, "tried again");
    }
    CHECK(cron.str().empty());
    {
        logger log(verbose, fixed(log_format::text, false, log_level::verbose));
        run_feedback(log, verbose, false).detail("backfill_retry", fields, "tried again");
    }
    CHECK(verbose.str() == "chatcost: tried again\n");
    {
        logger log(terminal, fixed(log_format::text));
        run_feedback(log, terminal, true).detail("backfill_retry", fields, "tried again");
    }
    CHECK(terminal.str() == "chatcost: tried again\n");
    {
        logger log(json, fixed(log_format::json));
        run_feedback(log, json, false).detail("backfill_retry", fields, "tried again");
    }
    CHECK(json.str().find(R"("level":"info","event":"backfill_retry","retry":1)") != std::string::npos);
}

TEST_CASE("run feedback: a warning reaches cron's text logs too") {
    std::ostringstream cron;
    logger log(cron, fixed(log_format::text));
    run_feedback(log, cron, false).warn("backfill_reconnect", value::object(), "lost the connection");
    CHECK(cron.str() == "chatcost: warning: lost the connection\n");
}
