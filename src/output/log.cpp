#include "output/log.hpp"

#include <fmt/format.h>

#include "output/display.hpp"
#include "output/render.hpp"
#include "util/failure.hpp"

namespace chatcost::output {

namespace {

constexpr std::string_view message_event = "message";

std::string_view severity_name(log_severity severity) {
    switch (severity) {
        case log_severity::debug:
            return "debug";
        case log_severity::info:
            return "info";
        case log_severity::warn:
            return "warn";
    }
    return "info";
}

value scrubbed(const value& item, const log_scrub& scrub) {
    switch (item.type()) {
        case value_type::text:
            return item.display() == display_kind::plain ? value::text(scrub(item.as_text())) : item;
        case value_type::object: {
            value copy = value::object();
            for (const auto& entry : item.members())
                copy.add(entry.key, scrubbed(entry.item, scrub), entry.title);
            return copy;
        }
        case value_type::array: {
            value copy = value::array();
            for (const auto& element : item.items()) copy.append(scrubbed(element, scrub));
            return copy;
        }
        default:
            return item;
    }
}

bool is_reserved(std::string_view key) {
    return key == "ts" || key == "level" || key == "event";
}

// logfmt-style: bare when unambiguous, else quoted with \" and \\.
std::string text_field(const value& item) {
    std::string text;
    switch (item.type()) {
        case value_type::null:
            return "null";
        case value_type::boolean:
            return item.as_boolean() ? "true" : "false";
        case value_type::integer:
            return std::to_string(item.as_integer());
        case value_type::text:
            text = item.as_text();
            break;
        default:
            text = to_compact_json(item);
            break;
    }
    bool bare = !text.empty() && text.find_first_of(" \"=\\") == std::string::npos;
    if (bare) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"' || c == '\\') quoted.push_back('\\');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

}  // namespace

log_format parse_log_format(std::string_view name) {
    if (name == "text") return log_format::text;
    if (name == "json") return log_format::json;
    throw failure(exit_code::usage, fmt::format("unknown log format '{}'", name), "use one of: text, json");
}

logger::logger(std::ostream& stream, logger_options options) : stream_(stream), options_(std::move(options)) {
    if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
}

bool logger::enabled(log_severity severity) const {
    switch (severity) {
        case log_severity::warn:
            return true;
        case log_severity::info:
            return options_.level != log_level::quiet;
        case log_severity::debug:
            return options_.level == log_level::verbose;
    }
    return true;
}

void logger::info(std::string_view message) {
    write(log_severity::info, message_event, value::object({{"message", value::text(message)}}));
}

void logger::verbose(std::string_view message) {
    write(log_severity::debug, message_event, value::object({{"message", value::text(message)}}));
}

void logger::warn(std::string_view message) {
    write(log_severity::warn, message_event, value::object({{"message", value::text(message)}}));
}

void logger::event(std::string_view name, const value& fields, log_severity severity) {
    if (fields.is_object()) {
        write(severity, name, fields);
    } else {
        write(severity, name, value::object({{"value", fields}}));
    }
}

void logger::record(std::string_view name, const value& fields) {
    write(log_severity::info, name, fields, true);
}

void logger::write(log_severity severity, std::string_view name, const value& fields, bool always) {
    if (!always && !enabled(severity)) return;
    const value clean = options_.scrub ? scrubbed(fields, options_.scrub) : fields;

    std::string line;
    if (options_.format == log_format::json) {
        value record = value::object({
            {"ts", value::text(format_log_timestamp(options_.clock()))},
            {"level", value::text(severity_name(severity))},
            {"event", value::text(name)},
        });
        for (const auto& entry : clean.members()) {
            std::string key = is_reserved(entry.key) ? "field_" + entry.key : entry.key;
            if (!record.find(key)) record.add(std::move(key), entry.item);
        }
        line = to_compact_json(record);
    } else {
        line = "chatcost: ";
        if (severity == log_severity::warn) line += "warning: ";
        const value* message = name == message_event ? clean.find("message") : nullptr;
        if (message && message->type() == value_type::text && clean.members().size() == 1) {
            line += message->as_text();
        } else {
            line += name;
            for (const auto& entry : clean.members())
                line += fmt::format(" {}={}", entry.key, text_field(entry.item));
        }
        line = escape_for_terminal(line);
    }
    line.push_back('\n');

    std::lock_guard lock(mutex_);
    stream_ << line;
    stream_.flush();
}

std::string format_log_timestamp(std::chrono::system_clock::time_point when) {
    using namespace std::chrono;
    auto millis = floor<milliseconds>(when);
    auto day = floor<days>(millis);
    year_month_day date{day};
    hh_mm_ss time{millis - day};
    return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(date.year()),
                       static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                       time.hours().count(), time.minutes().count(), time.seconds().count(),
                       time.subseconds().count());
}

}  // namespace chatcost::output
