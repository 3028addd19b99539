#include "pricebook/price_book_writer.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace chatcost::pricebook {

namespace {

std::string price_text(const std::optional<std::int64_t>& micros) {
    return micros ? std::to_string(*micros) : "null";
}

// A tier on one line, in both layouts: "size" first, then only the prices it sets, in
// tier_keys order (what it leaves out inherits the entry's price).
void write_tier(std::string& out, const price_book_tier& tier, bool file) {
    const std::string_view between = file ? ", " : ",";
    const std::string_view colon = file ? ": " : ":";
    out += fmt::format("{{\"size\"{}{}", colon, tier.size);
    for (auto which : cost::all_categories) {
        if (!tier.prices[which]) continue;
        out +=
            fmt::format("{}\"{}\"{}{}", between, cost::price_book_column(which), colon, *tier.prices[which]);
    }
    if (tier.reasoning_price) {
        out += fmt::format("{}\"reasoning_price\"{}{}", between, colon, *tier.reasoning_price);
    }
    out += '}';
}

void write_tiers(std::string& out, const std::vector<price_book_tier>& tiers, bool file) {
    std::vector<const price_book_tier*> by_size;
    by_size.reserve(tiers.size());
    for (const auto& tier : tiers) by_size.push_back(&tier);
    std::stable_sort(by_size.begin(), by_size.end(),
                     [](const auto* a, const auto* b) { return a->size < b->size; });
    out += file ? "\"tiers\": [\n" : "\"tiers\":[";
    for (std::size_t i = 0; i < by_size.size(); ++i) {
        if (i > 0) out += file ? ",\n" : ",";
        if (file) out += "      ";
        write_tier(out, *by_size[i], file);
    }
    out += file ? "\n    ]" : "]";
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
    // Written only when set, so that a flat book's bytes are what they were before these keys.
    if (entry.reasoning_price) {
        out += between;
        out += fmt::format("{}\"reasoning_price\"{}{}", indent, colon, *entry.reasoning_price);
    }
    if (!entry.tiers.empty()) {
        out += between;
        out += indent;
        write_tiers(out, entry.tiers, file);
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

std::string write_tier_list(const std::vector<price_book_tier>& tiers) {
    std::string out;
    write_tiers(out, tiers, false);
    return out.substr(out.find('['));  // the list without its key
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
