#include "output/render.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "output/display.hpp"
#include "output/utf8.hpp"

// CSV per RFC 4180, for spreadsheets and scripts:
// - Records end with CRLF, as RFC 4180 specifies, the last one too; the usual readers (Python's
//   csv, PostgreSQL's COPY, spreadsheets) accept it. Line breaks inside a quoted field are
//   kept as stored.
// - The data is the report's primary list: the report itself when it is a list of rows, else
//   the first member of the top-level object that is one (value.hpp: is_row_list). Its header
//   is the raw keys (a contract, unlike table titles): declared columns first, then every
//   other key in first-seen order. Other members, and the list's "_totals" row, are left out:
//   the whole report is in --format json.
// - A report without a list becomes two columns, key,value: one row per scalar, nested keys
//   joined with '.' ("prices.input"), array items by index ("warnings.0"); empty objects and
//   arrays add no row.
// - Raw figures: money and prices as integer micro-dollars, decimals as their exact text,
//   booleans true/false. Null is an empty field and an empty text is "", as PostgreSQL's
//   COPY ... CSV reads them. A nested object or array in a cell is compact JSON.
// - Fields are quoted when they hold a comma, a quote, CR or LF; quotes are doubled.
// - Bytes are kept as they are, except ill-formed UTF-8, which becomes U+FFFD. Control
//   characters are not escaped into a file or a pipe: CSV is data and a reader must see what is
//   stored. On a terminal (render_options::to_terminal) text is escaped as tables escape it
//   (escape_for_terminal): there a person reads it, and an ESC in a name must not drive the
//   terminal.
// - No guard against formula injection (a field starting with =, +, - or @ that a spreadsheet
//   might evaluate): prefixing or quoting it would alter the data, and negative amounts start
//   with '-'. Whoever opens CSV in a spreadsheet must import it as text.

namespace chatcost::output {

namespace {

std::string csv_field(const value& item, bool escape_controls) {
    std::string text;
    switch (item.type()) {
        case value_type::null:
            return {};
        case value_type::boolean:
            return item.as_boolean() ? "true" : "false";
        case value_type::integer:
            return std::to_string(item.as_integer());
        case value_type::text:
            if (item.as_text().empty()) return "\"\"";
            text = escape_controls ? escape_for_terminal(item.as_text()) : to_valid_utf8(item.as_text());
            break;
        case value_type::object:
        case value_type::array:
            text = to_compact_json(item);  // JSON escapes every control character
            break;
    }
    if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
    std::string quoted = "\"";
    for (char c : text) {
        if (c == '"') quoted.push_back('"');
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

void write_record(std::string& out, const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) out.push_back(',');
        out += fields[i];
    }
    out += "\r\n";
}

const value* primary_list(const value& report) {
    if (is_row_list(report)) return &report;
    if (!report.is_object()) return nullptr;
    for (const auto& entry : report.members()) {
        if (is_row_list(entry.item)) return &entry.item;
    }
    return nullptr;
}

void write_list(std::string& out, const value& list, bool escape) {
    std::vector<std::string> keys;
    auto add_key = [&](const std::string& key) {
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    };
    for (const auto& declared : list.columns()) add_key(declared.key);
    for (const auto& row : list.items()) {
        if (!row.is_object()) continue;
        for (const auto& entry : row.members()) add_key(entry.key);
    }

    std::vector<std::string> fields;
    for (const auto& key : keys) fields.push_back(csv_field(value::text(key), escape));
    write_record(out, fields);
    for (const auto& row : list.items()) {
        fields.clear();
        for (const auto& key : keys) {
            const value* item = row.find(key);
            fields.push_back(item ? csv_field(*item, escape) : std::string());
        }
        write_record(out, fields);
    }
}

void write_pairs(std::string& out, const value& item, const std::string& path, bool escape) {
    if (item.is_object()) {
        for (const auto& entry : item.members()) {
            write_pairs(out, entry.item, path.empty() ? entry.key : path + "." + entry.key, escape);
        }
    } else if (item.is_array()) {
        for (std::size_t i = 0; i < item.items().size(); ++i) {
            write_pairs(out, item.items()[i], fmt::format("{}{}{}", path, path.empty() ? "" : ".", i),
                        escape);
        }
    } else {
        write_record(out, {csv_field(value::text(path), escape), csv_field(item, escape)});
    }
}

}  // namespace

void render_csv(std::ostream& out, const value& report, bool escape_controls) {
    std::string text;
    if (const value* list = primary_list(report)) {
        write_list(text, *list, escape_controls);
    } else {
        write_record(text, {"key", "value"});
        write_pairs(text, report, "", escape_controls);
    }
    out << text;
}

}  // namespace chatcost::output
