#include "output/render.hpp"

#include <algorithm>

#include "output/display.hpp"
#include "output/text_width.hpp"

// Layout: the report's scalars first, as one aligned "Key: value" block; then, in member
// order, each list as a table (heading, header row, separator, rows, and the totals row under
// a second separator) and each nested object as a headed block, or, when it holds lists or
// objects itself, as a whole report under an underlined heading. Sections are separated by a
// blank line; no line has trailing spaces. Colour, when asked for, is added after alignment
// is computed, so widths never count escape codes.

namespace chatcost::output {

namespace {

constexpr std::string_view bold = "\x1b[1m";
constexpr std::string_view yellow = "\x1b[33m";
constexpr std::string_view reset = "\x1b[0m";

struct cell {
    std::string text;   // escaped, without colour
    bool warn = false;  // a missing price or cost: yellow when colour is on
};

bool is_numeric(const value& item) {
    switch (item.display()) {
        case display_kind::money_micros:
        case display_kind::price_micros_per_million:
        case display_kind::decimal:
        case display_kind::tokens:
        case display_kind::count:
            return true;
        case display_kind::plain:
            return item.type() == value_type::integer;
        case display_kind::timestamp:
        case display_kind::bar:
            return false;
    }
    return false;
}

// Columns of ids (value.hpp): the key says so.
bool is_id_key(std::string_view key) {
    return key == "id" || key.ends_with("_id") || key.ends_with("_ids");
}

// A list drawn as a chart: some row holds a bar.
bool is_chart(const value& rows) {
    return std::any_of(rows.items().begin(), rows.items().end(), [](const value& row) {
        return row.is_object() &&
               std::any_of(row.members().begin(), row.members().end(),
                           [](const member& m) { return m.item.display() == display_kind::bar; });
    });
}

// Text columns are cut to fit, but not below this (or their own width, when less): a shorter
// name is no longer a name. Figures are never cut.
constexpr std::size_t narrowest_text_column = 8;

// Bars fill what the other columns leave, within these bounds.
constexpr std::size_t narrowest_bar = 10;
constexpr std::size_t widest_bar = 50;

// Eighths of a cell, for bars drawn in Unicode blocks: U+258F (one eighth) to U+2588 (full).
constexpr std::string_view eighth_blocks[] = {"",
                                              "\xe2\x96\x8f",
                                              "\xe2\x96\x8e",
                                              "\xe2\x96\x8d",
                                              "\xe2\x96\x8c",
                                              "\xe2\x96\x8b",
                                              "\xe2\x96\x8a",
                                              "\xe2\x96\x89"};
constexpr std::string_view full_block = "\xe2\x96\x88";

std::string member_title(const member& entry) {
    return entry.title.empty() ? derive_title(entry.key, entry.item.display()) : entry.title;
}

class table_printer {
public:
    table_printer(std::ostream& out, const render_options& options) : out_(out), options_(options) {}

    void print_report(const value& report) {
        if (report.is_object()) {
            print_object(report);
        } else if (is_row_list(report)) {
            print_table(nullptr, report, nullptr);
        } else if (report.is_array()) {
            // A list of lines (lint findings, a dry-run script): one escaped line each.
            for (const auto& item : report.items()) out_ << make_cell(item).text << '\n';
        } else {
            print_line(make_cell(report));
        }
    }

private:
    cell make_cell(const value& item) const {
        if (item.is_array() && !is_row_list(item)) return {inline_list(item), false};
        bool missing_price = item.is_null() && (item.display() == display_kind::money_micros ||
                                                item.display() == display_kind::price_micros_per_million);
        return {display_scalar(item, options_.exact_money), missing_price};
    }

    std::string inline_list(const value& list) const {
        if (list.items().empty()) return "(none)";
        std::string text;
        for (const auto& item : list.items()) {
            if (!text.empty()) text += ", ";
            text += display_scalar(item, options_.exact_money);
        }
        return text;
    }

    std::string paint(std::string_view text, std::string_view sgr, bool on) const {
        if (!on || !options_.color || text.empty()) return std::string(text);
        return std::string(sgr) + std::string(text) + std::string(reset);
    }

    void start_section() {
        if (printed_anything_ && !after_heading_) out_ << '\n';
        printed_anything_ = true;
        after_heading_ = false;
    }

    void print_line(const cell& content) {
        start_section();
        out_ << paint(content.text, yellow, content.warn) << '\n';
    }

    void print_heading(const std::string& title) {
        out_ << paint(escape_for_terminal(title), bold, true) << '\n';
    }

    void print_object(const value& object) {
        const auto& members = object.members();
        if (members.empty()) {
            print_line({"(none)", false});
            return;
        }
        std::vector<const member*> block;
        for (const auto& entry : members) {
            if (!entry.item.is_object() && !is_row_list(entry.item)) block.push_back(&entry);
        }
        if (!block.empty()) {
            start_section();
            print_block(block);
        }
        for (const auto& entry : members) {
            if (is_row_list(entry.item) && is_chart(entry.item) && !options_.charts) {
                continue;  // charts are for a terminal, when asked for (render_options::charts)
            } else if (is_row_list(entry.item)) {
                const value* totals = object.find(entry.key + std::string(totals_suffix));
                print_table(&entry, entry.item, totals && totals->is_object() ? totals : nullptr);
            } else if (entry.item.is_object() && is_report(entry.item)) {
                // A report inside a report (the demo's rollup and summary): laid out as it would
                // be on its own, under an underlined heading.
                start_section();
                print_heading(member_title(entry));
                out_ << std::string(display_width(escape_for_terminal(member_title(entry))), '=') << '\n';
                after_heading_ = true;
                print_object(entry.item);
            } else if (entry.item.is_object() && !is_totals_of_table(object, entry)) {
                start_section();
                print_heading(member_title(entry));
                std::vector<const member*> nested;
                for (const auto& inner : entry.item.members()) nested.push_back(&inner);
                if (nested.empty()) {
                    out_ << "(none)\n";
                } else {
                    print_block(nested);
                }
            }
        }
    }

    // Whether an object holds lists or objects of its own, rather than only "Key: value" lines.
    static bool is_report(const value& object) {
        return std::any_of(object.members().begin(), object.members().end(),
                           [](const member& m) { return m.item.is_object() || is_row_list(m.item); });
    }

    static bool is_totals_of_table(const value& object, const member& entry) {
        std::string_view key = entry.key;
        if (key.size() <= totals_suffix.size() || !key.ends_with(totals_suffix)) return false;
        const value* rows = object.find(key.substr(0, key.size() - totals_suffix.size()));
        return rows && is_row_list(*rows);
    }

    // "Key: value" lines with the values aligned.
    void print_block(const std::vector<const member*>& members) {
        std::vector<std::string> labels;
        std::size_t label_width = 0;
        for (const member* entry : members) {
            labels.push_back(escape_for_terminal(member_title(*entry)) + ":");
            label_width = std::max(label_width, display_width(labels.back()));
        }
        for (std::size_t i = 0; i < members.size(); ++i) {
            const value& item = members[i]->item;
            cell content = make_cell(item);
            out_ << labels[i] << std::string(label_width - display_width(labels[i]) + 2, ' ')
                 << paint(content.text, yellow, content.warn) << '\n';
        }
    }

    struct table_column {
        std::string key;
        std::string title;
        bool right_aligned = false;
        bool detail = false;
        bool bar = false;
        std::size_t width = 0;
    };

    void print_table(const member* owner, const value& rows, const value* totals) {
        start_section();
        if (owner) print_heading(member_title(*owner));
        std::vector<table_column> columns = collect_columns(rows, totals);
        if (rows.items().empty()) {
            out_ << "(none)\n";
            return;
        }
        std::vector<std::vector<cell>> body;
        for (const auto& row : rows.items()) body.push_back(row_cells(columns, row));
        std::vector<cell> totals_cells;
        if (totals) totals_cells = row_cells(columns, *totals);

        for (std::size_t j = 0; j < columns.size(); ++j) {
            auto& column = columns[j];
            column.width = display_width(column.title);
            for (const auto& cells : body)
                column.width = std::max(column.width, display_width(cells[j].text));
            if (totals) column.width = std::max(column.width, display_width(totals_cells[j].text));
        }
        bool chart = std::any_of(columns.begin(), columns.end(), [](const table_column& c) { return c.bar; });
        if (chart) draw_bars(columns, rows, body);
        fit_to_width(columns);

        std::vector<cell> header;
        for (const auto& column : columns) header.push_back({column.title, false});
        std::vector<std::vector<cell>*> all_rows{&header};
        for (auto& cells : body) all_rows.push_back(&cells);
        if (totals) all_rows.push_back(&totals_cells);
        cut_cells(columns, all_rows);

        // A chart reads without a header: its heading names it, the label and figure speak.
        if (!chart) {
            print_row(columns, header, true);
            print_separator(columns);
        }
        for (const auto& cells : body) print_row(columns, cells, false);
        if (totals) {
            print_separator(columns);
            print_row(columns, totals_cells, false);
        }
    }

    // The columns that fit in options_.width, when set: text columns (titles, names) give up
    // width, the widest first, down to narrowest_text_column; figures (money, counts) and ids
    // never do. What still does
    // not fit runs past the edge rather than lose a figure.
    void fit_to_width(std::vector<table_column>& columns) const {
        if (!options_.width) return;
        auto total = [&] {
            std::size_t sum = columns.empty() ? 0 : 2 * (columns.size() - 1);
            for (const auto& column : columns) sum += column.width;
            return sum;
        };
        std::vector<std::size_t> narrowest;
        for (const auto& column : columns) {
            // An id cut short identifies nothing: ids (shown with --ids) keep their width too.
            bool shrinks = !column.right_aligned && !column.bar && !is_id_key(column.key);
            narrowest.push_back(shrinks ? std::min(column.width, narrowest_text_column) : column.width);
        }
        for (std::size_t excess = total() > *options_.width ? total() - *options_.width : 0; excess > 0;
             --excess) {
            table_column* widest = nullptr;
            for (std::size_t j = 0; j < columns.size(); ++j) {
                if (columns[j].width > narrowest[j] && (!widest || columns[j].width > widest->width))
                    widest = &columns[j];
            }
            if (!widest) break;
            --widest->width;
        }
    }

    void cut_cells(const std::vector<table_column>& columns,
                   const std::vector<std::vector<cell>*>& rows) const {
        std::string_view ellipsis = options_.unicode ? "\xe2\x80\xa6" : "...";
        for (auto* cells : rows) {
            for (std::size_t j = 0; j < columns.size(); ++j) {
                auto& text = (*cells)[j].text;
                if (display_width(text) > columns[j].width)
                    text = cut_to_width(text, columns[j].width, ellipsis);
            }
        }
    }

    // Bars scaled to the largest of their column, in the width the other columns leave.
    void draw_bars(std::vector<table_column>& columns, const value& rows,
                   std::vector<std::vector<cell>>& body) const {
        std::size_t others = 0;
        for (const auto& column : columns) others += column.bar ? 0 : column.width + 2;
        std::size_t room = options_.width && *options_.width > others ? *options_.width - others : widest_bar;
        std::size_t bar_width = std::clamp(room, narrowest_bar, widest_bar);
        for (std::size_t j = 0; j < columns.size(); ++j) {
            if (!columns[j].bar) continue;
            columns[j].width = bar_width;
            std::int64_t largest = 0;
            for (const auto& row : rows.items()) {
                const value* item = row.find(columns[j].key);
                if (item && item->type() == value_type::integer)
                    largest = std::max(largest, item->as_integer());
            }
            for (std::size_t i = 0; i < body.size(); ++i) {
                const value* item = rows.items()[i].find(columns[j].key);
                std::int64_t amount = item && item->type() == value_type::integer ? item->as_integer() : 0;
                body[i][j].text = bar_text(amount, largest, bar_width);
            }
        }
    }

    // A bar of `amount` where `largest` fills `width` cells; anything above zero shows at least a
    // sliver, so a small cost is never drawn as none.
    std::string bar_text(std::int64_t amount, std::int64_t largest, std::size_t width) const {
        if (amount <= 0 || largest <= 0) return {};
        int steps_per_cell = options_.block_bars ? 8 : 1;
        long double share = static_cast<long double>(amount) / static_cast<long double>(largest);
        auto steps =
            static_cast<std::size_t>(share * static_cast<long double>(width * steps_per_cell) + 0.5L);
        steps = std::clamp<std::size_t>(steps, 1, width * steps_per_cell);
        if (!options_.block_bars) return std::string(steps, '#');
        std::string text;
        for (std::size_t i = 0; i < steps / 8; ++i) text += full_block;
        text += eighth_blocks[steps % 8];
        return text;
    }

    std::vector<table_column> collect_columns(const value& rows, const value* totals) const {
        std::vector<table_column> columns;
        auto find_column = [&](std::string_view key) {
            return std::find_if(columns.begin(), columns.end(),
                                [&](const table_column& c) { return c.key == key; });
        };
        for (const auto& declared : rows.columns()) {
            if (find_column(declared.key) == columns.end())
                columns.push_back({declared.key, declared.title, false, declared.detail});
        }
        std::vector<const value*> all_rows;
        for (const auto& row : rows.items()) all_rows.push_back(&row);
        if (totals) all_rows.push_back(totals);
        for (const value* row : all_rows) {
            if (!row->is_object()) continue;
            for (const auto& entry : row->members()) {
                auto found = find_column(entry.key);
                if (found == columns.end()) {
                    columns.push_back({entry.key, entry.title});
                } else if (found->title.empty()) {
                    found->title = entry.title;
                }
            }
        }
        for (auto& column : columns) {
            display_kind kind = display_kind::plain;
            bool any_numeric = false;
            bool any_other = false;
            for (const value* row : all_rows) {
                const value* item = row->find(column.key);
                if (!item) continue;
                if (kind == display_kind::plain) kind = item->display();
                if (item->is_null() && item->display() == display_kind::plain) continue;
                (is_numeric(*item) ? any_numeric : any_other) = true;
            }
            column.right_aligned = any_numeric && !any_other;
            column.bar = kind == display_kind::bar;
            column.title = column.bar
                               ? std::string()
                               : escape_for_terminal(column.title.empty() ? derive_title(column.key, kind)
                                                                          : column.title);
        }
        // Ids are for programs (JSON, CSV) and --ids; details make way in the compact layout.
        std::erase_if(columns, [&](const table_column& column) {
            return (is_id_key(column.key) && !options_.show_ids) || (column.detail && options_.compact);
        });
        return columns;
    }

    std::vector<cell> row_cells(const std::vector<table_column>& columns, const value& row) const {
        std::vector<cell> cells;
        for (const auto& column : columns) {
            const value* item = row.is_object() ? row.find(column.key) : nullptr;
            cells.push_back(item ? make_cell(*item) : cell{});
        }
        return cells;
    }

    void print_row(const std::vector<table_column>& columns, const std::vector<cell>& cells, bool is_header) {
        std::string line;
        for (std::size_t j = 0; j < columns.size(); ++j) {
            const auto& column = columns[j];
            const auto& content = cells[j];
            std::size_t padding = column.width - display_width(content.text);
            bool last = j + 1 == columns.size();
            std::string painted =
                is_header ? paint(content.text, bold, true) : paint(content.text, yellow, content.warn);
            if (j > 0) line += "  ";
            if (column.right_aligned) {
                line.append(padding, ' ');
                line += painted;
            } else {
                line += painted;
                if (!last) line.append(padding, ' ');
            }
        }
        // A row whose last cells are empty would otherwise end in spaces.
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out_ << line << '\n';
    }

    void print_separator(const std::vector<table_column>& columns) {
        std::string line;
        for (std::size_t j = 0; j < columns.size(); ++j) {
            if (j > 0) line += "  ";
            line.append(columns[j].width, '-');
        }
        out_ << line << '\n';
    }

    std::ostream& out_;
    const render_options& options_;
    bool printed_anything_ = false;
    bool after_heading_ = false;  // the next section follows its heading directly
};

}  // namespace

void render_table(std::ostream& out, const value& report, const render_options& options) {
    table_printer(out, options).print_report(report);
}

}  // namespace chatcost::output
