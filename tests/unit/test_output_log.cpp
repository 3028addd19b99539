#include <doctest/doctest.h>

#include <chrono>
#include <sstream>

#include "output/log.hpp"
#include "util/failure.hpp"

using namespace chatcost::output;
using namespace std::chrono;

namespace {

const system_clock::time_point fixed_time = sys_days{year{2026} / 11 / 22} + 8h + 40min + 123ms;

logger_options options(log_level level, log_format format) {
    return {level, format, [] { return fixed_time; }, {}};
}

}  // namespace

TEST_CASE("log: text lines") {
    std::ostringstream err;
    logger log(err, options(log_level::normal, log_format::text));
    log.info("connected to the embedded database");
    log.verbose("not shown");
    log.warn("3 messages are unpriced");
    log.event("backfill_batch", value::object({{"priced", value::count(500)},
                                               {"model", value::text("gpt 4o")},
                                               {"cost_micros", value::money(std::nullopt)},
                                               {"ok", value::boolean(true)}}));
    CHECK(err.str() ==
          "chatcost: connected to the embedded database\n"
          "chatcost: warning: 3 messages are unpriced\n"
          "chatcost: backfill_batch priced=500 model=\"gpt 4o\" cost_micros=null ok=true\n");
}

TEST_CASE("log: a text line cannot break into two or drive the terminal") {
    std::ostringstream err;
    logger log(err, options(log_level::normal, log_format::text));
    log.info("line one\nline two \x1b[2J");
    log.event("odd", value::object({{"text", value::text("say \"hi\"\n")}}));
    CHECK(err.str() ==
          "chatcost: line one\\nline two \\x1b[2J\n"
          "chatcost: odd text=\"say \\\"hi\\\"\\n\"\n");
}

TEST_CASE("log: an event named like plain messages is still an event") {
    std::ostringstream err;
    logger log(err, options(log_level::normal, log_format::text));
    log.event("message", value::object({{"n", value::integer(1)}}));
    log.event("message", value::object());
    CHECK(err.str() == "chatcost: message n=1\nchatcost: message\n");
}

TEST_CASE("log: quiet keeps warnings only; verbose shows everything") {
    std::ostringstream quiet_err;
    logger quiet(quiet_err, options(log_level::quiet, log_format::text));
    quiet.info("a");
    quiet.verbose("b");
    quiet.event("c", value::object());
    quiet.warn("d");
    quiet.event("e", value::object(), log_severity::warn);
    CHECK(quiet_err.str() == "chatcost: warning: d\nchatcost: warning: e\n");
    CHECK_FALSE(quiet.enabled(log_severity::info));

    // A run's closing record is written at any level: cron runs with --quiet.
    std::ostringstream record_err;
    logger quiet_json(record_err, options(log_level::quiet, log_format::json));
    quiet_json.event("backfill_batch", value::object({{"rows", value::integer(3)}}));
    quiet_json.record("backfill_finished", value::object({{"exit_code", value::integer(0)}}));
    CHECK(record_err.str() ==
          R"({"ts":"2026-11-22T08:40:00.123Z","level":"info","event":"backfill_finished","exit_code":0})"
          "\n");

    std::ostringstream verbose_err;
    logger verbose(verbose_err, options(log_level::verbose, log_format::text));
    verbose.info("a");
    verbose.verbose("b");
    verbose.event("c", value::object(), log_severity::debug);
    CHECK(verbose_err.str() == "chatcost: a\nchatcost: b\nchatcost: c\n");
    CHECK(verbose.enabled(log_severity::debug));
}

TEST_CASE("log: JSON lines have ts, level and event first") {
    std::ostringstream err;
    logger log(err, options(log_level::verbose, log_format::json));
    log.info("hello \"you\"\n");
    log.verbose("detail");
    log.warn("careful");
    log.event("backfill_batch",
              value::object({{"priced", value::count(500)}, {"cost_micros", value::money(12)}}));
    CHECK(
        err.str() ==
        "{\"ts\":\"2026-11-22T08:40:00.123Z\",\"level\":\"info\",\"event\":\"message\",\"message\":\"hello "
        "\\\"you\\\"\\n\"}\n"
        "{\"ts\":\"2026-11-22T08:40:00.123Z\",\"level\":\"debug\",\"event\":\"message\",\"message\":"
        "\"detail\"}\n"
        "{\"ts\":\"2026-11-22T08:40:00.123Z\",\"level\":\"warn\",\"event\":\"message\",\"message\":"
        "\"careful\"}\n"
        "{\"ts\":\"2026-11-22T08:40:00.123Z\",\"level\":\"info\",\"event\":\"backfill_batch\",\"priced\":500,"
        "\"cost_micros\":12}\n");
}

TEST_CASE("log: reserved field keys are renamed, a non-object is one field") {
    std::ostringstream err;
    logger log(err, options(log_level::normal, log_format::json));
    log.event("odd", value::object({{"ts", value::integer(1)}, {"level", value::integer(2)}}));
    log.event("single", value::integer(7));
    CHECK(err.str() ==
          "{\"ts\":\"2026-11-22T08:40:00.123Z\",\"level\":\"info\",\"event\":\"odd\",\"field_ts\":1,"
          "\"field_level\":2}\n"
          "{\"ts\":\"2026-11-22T08:40:00.123Z\",\"level\":\"info\",\"event\":\"single\",\"value\":7}\n");
}

TEST_CASE("log: scrub sees every text before it is encoded") {
    auto mask = [](std::string_view text) {
        std::string out(text);
        for (auto at = out.find("s3cr\"t"); at != std::string::npos; at = out.find("s3cr\"t")) {
            out.replace(at, 6, "****");
        }
        return out;
    };
    for (log_format format : {log_format::text, log_format::json}) {
        std::ostringstream err;
        logger log(err, {log_level::normal, format, [] { return fixed_time; }, mask});
        log.info("postgresql://u:s3cr\"t@host/db");
        log.warn("s3cr\"t");
        log.event("connect", value::object({{"url", value::text("postgresql://u:s3cr\"t@h")},
                                            {"nested", value::array({value::text("s3cr\"t")})}}));
        CHECK(err.str().find("s3cr") == std::string::npos);
        CHECK(err.str().find("****") != std::string::npos);
    }
}

TEST_CASE("log: the default clock is the system clock") {
    std::ostringstream err;
    logger log(err, {log_level::normal, log_format::json, {}, {}});
    log.info("x");
    CHECK(err.str().rfind("{\"ts\":\"20", 0) == 0);
}

TEST_CASE("log: timestamps are RFC 3339 UTC with milliseconds") {
    CHECK(format_log_timestamp(fixed_time) == "2026-11-22T08:40:00.123Z");
    CHECK(format_log_timestamp(system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
    CHECK(format_log_timestamp(sys_days{year{2024} / 2 / 29} + 23h + 59min + 59s + 999999us) ==
          "2024-02-29T23:59:59.999Z");
    CHECK(format_log_timestamp(system_clock::time_point{} - 1ms) == "1969-12-31T23:59:59.999Z");
}

TEST_CASE("log: --log-format names") {
    CHECK(parse_log_format("text") == log_format::text);
    CHECK(parse_log_format("json") == log_format::json);
    CHECK_THROWS_AS(parse_log_format("yaml"), chatcost::failure);
}
