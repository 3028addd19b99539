#include "output/render.hpp"

#include <fmt/format.h>

#include "output/utf8.hpp"

namespace chatcost::output {

namespace {

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    for (std::size_t i = 0; i < text.size();) {
        utf8_unit unit = decode_utf8(text, i);
        char32_t c = unit.code_point;
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                // RFC 8259 requires only C0 to be escaped; DEL and C1 are escaped too, so that
                // JSON printed on a terminal cannot drive it.
                if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                    fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
                } else if (unit.valid) {
                    out.append(text.substr(i, unit.length));
                } else {
                    append_utf8(out, c);  // U+FFFD
                }
        }
        i += unit.length;
    }
    out.push_back('"');
}

struct json_writer {
    std::string out;
    bool indented;

    void newline(int depth) {
        if (!indented) return;
        out.push_back('\n');
        out.append(static_cast<std::size_t>(depth) * 2, ' ');
    }

    void write(const value& item, int depth) {
        switch (item.type()) {
            case value_type::null:
                out += "null";
                return;
            case value_type::boolean:
                out += item.as_boolean() ? "true" : "false";
                return;
            case value_type::integer:
                fmt::format_to(std::back_inserter(out), "{}", item.as_integer());
                return;
            case value_type::text:
                append_json_string(out, item.as_text());
                return;
            case value_type::object: {
                const auto& members = item.members();
                if (members.empty()) {
                    out += "{}";
                    return;
                }
                out.push_back('{');
                for (std::size_t i = 0; i < members.size(); ++i) {
                    if (i > 0) out.push_back(',');
                    newline(depth + 1);
                    append_json_string(out, members[i].key);
                    out += indented ? ": " : ":";
                    write(members[i].item, depth + 1);
                }
                newline(depth);
                out.push_back('}');
                return;
            }
            case value_type::array: {
                const auto& items = item.items();
                if (items.empty()) {
                    out += "[]";
                    return;
                }
                out.push_back('[');
                for (std::size_t i = 0; i < items.size(); ++i) {
                    if (i > 0) out.push_back(',');
                    newline(depth + 1);
                    write(items[i], depth + 1);
                }
                newline(depth);
                out.push_back(']');
                return;
            }
        }
    }
};

}  // namespace

void render_json(std::ostream& out, const value& report) {
    json_writer writer{{}, true};
    writer.write(report, 0);
    writer.out.push_back('\n');
    out << writer.out;
}

std::string to_compact_json(const value& item) {
    json_writer writer{{}, false};
    writer.write(item, 0);
    return std::move(writer.out);
}

}  // namespace chatcost::output
