#include "reports/unpriced_report.hpp"

#include <fmt/format.h>

#include "reports/usage_fields.hpp"

namespace chatcost::reports {

namespace {

using output::value;

// The details list: a one- or two-digit item number and two spaces before the text.
constexpr std::size_t detail_text_width = 74;

std::string model_label(const ledger::model_identity& model) {
    if (!model.model_config_id) return "(no model config)";
    return fmt::format("{}/{}", model.provider.value_or(""), model.model.value_or(""));
}

value optional_text(const std::optional<std::string>& text) {
    return text ? value::text(*text) : value::null();
}

value items_for_programs(const db::unpriced_worklist& worklist) {
    auto rows = value::rows({"model_config_id", "display_name", "provider", "model", "messages", "reason",
                             "why", "invalid_key", "raw_value", "near_match", "near_match_source",
                             "input_tokens", "output_tokens", "reasoning_tokens", "cache_read_tokens",
                             "cache_write_tokens", "fix_kind", "fix"});
    for (const auto& item : worklist.items) {
        auto row = value::object();
        row.add("model_config_id", optional_text(item.model.model_config_id));
        row.add("display_name", optional_text(item.model.display_name));
        row.add("provider", optional_text(item.model.provider));
        row.add("model", optional_text(item.model.model));
        row.add("messages", value::count(item.messages));
        row.add("reason", value::text(db::name(item.reason)));
        row.add("why", value::text(item.why));
        row.add("invalid_key", optional_text(item.invalid_key));
        row.add("raw_value", optional_text(item.raw_value));
        row.add("near_match", optional_text(item.near_match));
        row.add("near_match_source", optional_text(item.near_match_source));
        row.add("input_tokens", value::tokens(item.tokens.input));
        row.add("output_tokens", value::tokens(item.tokens.output));
        row.add("reasoning_tokens", value::tokens(item.tokens.reasoning));
        row.add("cache_read_tokens", value::tokens(item.tokens.cache_read));
        row.add("cache_write_tokens", value::tokens(item.tokens.cache_write));
        row.add("fix_kind", value::text(db::name(item.fix)));
        row.add("fix", item.fix_text.empty() ? value::null() : value::text(item.fix_text));
        rows.append(std::move(row));
    }
    return rows;
}

std::int64_t total_messages(const db::unpriced_worklist& worklist) {
    std::int64_t total = 0;
    for (const auto& item : worklist.items) total += item.messages;
    return total;
}

value header(const db::unpriced_worklist& worklist, report_audience audience) {
    auto report = value::object();
    report.add("schema_version", value::integer(worklist.schema_version));
    report.add("range", range_value(worklist.range, audience));
    report.add("unpriced_messages", value::count(total_messages(worklist)), "Unpriced messages");
    return report;
}

value for_people(const db::unpriced_worklist& worklist) {
    auto report = header(worklist, report_audience::people);
    auto table = value::rows({{"item", "#"},
                              {"model", "Provider/model"},
                              {"messages", "Messages"},
                              {"reason", "Why"},
                              {"tokens", "Tokens"}});
    auto details = value::rows({{"item", "#"}, {"text", "Why, unpriced tokens, fix"}});
    auto line = [&](std::size_t number, bool first, std::string text) {
        auto row = value::object();
        row.add("item", first ? value::text(std::to_string(number)) : value::text(""));
        row.add("text", value::text(std::move(text)));
        details.append(std::move(row));
    };
    std::size_t number = 0;
    for (const auto& item : worklist.items) {
        ++number;
        const auto& tokens = item.tokens;
        auto row = value::object();
        row.add("item", value::text(std::to_string(number)));
        row.add("model", value::text(model_label(item.model)));
        row.add("messages", value::count(item.messages));
        row.add("reason", value::text(std::string(db::name(item.reason))));
        row.add("tokens",
                value::tokens(tokens.input + tokens.output + tokens.cache_read + tokens.cache_write));
        table.append(std::move(row));
        bool first = true;
        for (auto& text : wrap_words(item.why, detail_text_width, false)) {
            line(number, first, std::move(text));
            first = false;
        }
        auto token_line =
            fmt::format("tokens: input {}, output {} (reasoning {}), cache read {}, cache write {}",
                        tokens.input, tokens.output, tokens.reasoning, tokens.cache_read, tokens.cache_write);
        for (auto& text : wrap_words(token_line, detail_text_width, false))
            line(number, false, std::move(text));
        if (item.fix == db::fix_kind::command) {
            for (auto& text : wrap_words(item.fix_text, detail_text_width, true))
                line(number, false, std::move(text));
        } else if (item.fix == db::fix_kind::config_key) {
            for (auto& text : wrap_words("fix: " + item.fix_text, detail_text_width, false))
                line(number, false, std::move(text));
        }
    }
    report.add("models", std::move(table), "Unpriced models, most messages first");
    if (!worklist.items.empty()) report.add("details", std::move(details), "What to do");
    return report;
}

}  // namespace

std::vector<std::string> wrap_words(const std::string& text, std::size_t width, bool shell) {
    std::vector<std::string> lines;
    const std::size_t room = shell && width > 2 ? width - 2 : width;  // " \" ends a shell line
    std::string current;
    std::size_t start = 0;
    while (start <= text.size()) {
        auto end = text.find(' ', start);
        if (end == std::string::npos) end = text.size();
        auto word = text.substr(start, end - start);
        if (!current.empty() && current.size() + 1 + word.size() > room) {
            lines.push_back(std::move(current));
            current = shell ? "  " : "";
        }
        if (!current.empty() && current != "  ") current += ' ';
        current += word;
        start = end + 1;
    }
    if (!current.empty()) lines.push_back(std::move(current));
    if (shell) {
        for (std::size_t i = 0; i + 1 < lines.size(); ++i) lines[i] += " \\";
    }
    return lines;
}

output::report_views unpriced_report(const db::unpriced_worklist& worklist) {
    auto whole = header(worklist, report_audience::programs);
    whole.add("models", items_for_programs(worklist), "Unpriced models, most messages first");
    output::report_views views(std::move(whole));
    views.for_people(for_people(worklist));
    return views;
}

}  // namespace chatcost::reports
