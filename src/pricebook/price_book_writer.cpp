#include "pricebook/price_book_writer.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace chatcost::pricebook {

namespace {

std::string price_text(const std::optional<std::int64_t>& micros) {
    return micros ? std::to_string(*micros) : "null";
}

void write_entry(std::string& out, const price_book_entry& entry, book_layout layout) {
    const bool file = layout == book_layout::file;
    const std::string_view open = file ? "  {\n" : "{";
    const std::string_view between = file ? ",\n" : ",";
    const std::string_view indent = file ? "    " : "";
    const std::string_view colon = file ? ": " : ":";
    out += open;
    out += fmt::format("{}\"provider\"{}{}", indent, colon, json_string(entry.provider));
    out += between;
    out += fmt::format("{}\"model\"{}{}", indent, colon, json_string(entry.model));
    for (auto which : cost::all_categories) {
        out += between;
        out += fmt::format("{}\"{}\"{}{}", indent, cost::price_book_column(which), colon,
                           price_text(entry.prices[which]));
    }
    out += file ? "\n  }" : "}";
}

}  // namespace

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
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
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (byte < 0x20 || byte == 0x7F) {
                    out += fmt::format("\\u{:04x}", static_cast<unsigned>(byte));
                } else {
                    out += c;
                }
        }
    }
    out += '"';
    return out;
}

std::string write_price_book(std::span<const price_book_entry> entries, book_layout layout) {
    std::vector<const price_book_entry*> sorted;
    sorted.reserve(entries.size());
    for (const auto& entry : entries) sorted.push_back(&entry);
    std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return key_less(*a, *b); });

    const bool file = layout == book_layout::file;
    if (sorted.empty()) return file ? "[]\n" : "[]";
    std::string out = file ? "[\n" : "[";
    out.reserve(entries.size() * (file ? 220 : 160));
    for (std::size_t i = 0; i < sorted.size(); ++i) {
        if (i > 0) out += file ? ",\n" : ",";
        write_entry(out, *sorted[i], layout);
    }
    out += file ? "\n]\n" : "]";
    return out;
}

}  // namespace chatcost::pricebook
