#pragma once
// A report: the small ordered tree that commands return and the renderers print.
//
// A value is null, a boolean, an int64, a text, an object (an ordered list of snake_case
// key -> value) or an array. Scalars carry a display_kind that only tables use; JSON and CSV
// print the raw figure (money stays integer micro-dollars), so the data contract never
// depends on how people like to read it.
//
// Conventions the renderers rely on:
// - A missing figure is null, never 0: value::money(std::nullopt) is "unpriced" in a table,
//   null in JSON, an empty field in CSV. The factories taking std::optional do this for you.
// - A list of rows is an array of objects. Declare its columns with value::rows(...), so an
//   empty result still has a CSV header and a table layout; rows may add further keys.
// - Totals: an object member named "<key>_totals" (see totals_suffix), next to an array
//   member "<key>", is that list's totals row. Tables print it under the rows; JSON keeps it
//   as its own member; CSV leaves it out (rows are data, a sum would be read as one more
//   row). object.add_rows(key, rows, totals) adds both members.
// - Ids: a table column whose key is "id" or ends in "_id" or "_ids" is hidden in tables unless
//   render_options::show_ids (--ids); JSON and CSV always carry it.
// - A member may carry a title for people ("Total cost"); without one a table derives it
//   from the key (see derive_title).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace chatcost::output {

enum class value_type { null, boolean, integer, text, object, array };

// How a table shows a scalar. JSON and CSV ignore it, except that a decimal is a JSON string.
enum class display_kind {
    plain,                     // integer as digits, text as is
    money_micros,              // int64 micro-dollars: "$1,234.56", "<$0.01", null "unpriced"
    price_micros_per_million,  // int64 micro-dollars per 1M tokens: "$3.00", "$0.075", null "unknown"
    decimal,                   // exact decimal held as text: "0.000001500000"
    tokens,                    // int64 with thousands separators
    count,                     // int64 with thousands separators
    timestamp,                 // RFC 3339 text
    bar,                       // int64 drawn as a bar scaled to the largest of its column (charts)
};

struct member;

// A declared column of a list of rows: its key, optionally a title for people, and whether it
// is a detail, which the compact table layout leaves out (JSON and CSV keep every column).
struct column {
    column(std::string key_, std::string title_ = {}, bool detail_ = false)
        : key(std::move(key_)), title(std::move(title_)), detail(detail_) {}
    column(const char* key_, const char* title_ = "", bool detail_ = false)
        : key(key_), title(title_), detail(detail_) {}

    std::string key;
    std::string title;
    bool detail = false;
};

class value {
public:
    value() = default;  // null

    static value null(display_kind kind = display_kind::plain);
    static value boolean(bool flag);
    static value integer(std::optional<std::int64_t> number);
    static value money(std::optional<std::int64_t> micros);
    static value price(std::optional<std::int64_t> micros_per_million);
    static value tokens(std::optional<std::int64_t> tokens);
    static value count(std::optional<std::int64_t> count);
    // `digits` must look like -?[0-9]+(.[0-9]+)? (std::invalid_argument otherwise).
    static value decimal(std::optional<std::string> digits);
    static value timestamp(std::optional<std::string> rfc3339);
    // A chart's bar: `amount` against the largest of its column (tables only; see render_table).
    static value bar(std::int64_t amount);
    static value text(std::string text);
    static value text(std::string_view text);
    static value text(const char* text);
    static value text(const std::optional<std::string>& text);
    // Keys must be unique (std::invalid_argument otherwise).
    static value object();
    static value object(std::vector<member> members);
    static value array();
    static value array(std::vector<value> items);
    // An array of row objects whose columns are known even when it is empty.
    static value rows(std::vector<column> columns);

    // Builders; they throw std::logic_error on the wrong type, std::invalid_argument on a
    // duplicate key.
    value& add(std::string key, value item, std::string title = {});
    // Adds `key` -> rows and, when given, `key` + totals_suffix -> totals (an object shaped
    // like a row, e.g. {"model": "Total", "cost_micros": ...}).
    value& add_rows(std::string key, value rows, std::optional<value> totals = {}, std::string title = {});
    value& append(value item);

    value_type type() const;
    display_kind display() const { return display_; }
    bool is_null() const { return type() == value_type::null; }
    bool is_object() const { return type() == value_type::object; }
    bool is_array() const { return type() == value_type::array; }
    bool is_scalar() const { return !is_object() && !is_array(); }

    // Accessors; std::logic_error on the wrong type.
    bool as_boolean() const;
    std::int64_t as_integer() const;
    const std::string& as_text() const;  // text, decimal and timestamp
    const std::vector<member>& members() const;
    const std::vector<value>& items() const;
    const std::vector<column>& columns() const;  // declared columns of an array; may be empty

    // The member with that key, or nullptr (also when this is not an object).
    const value* find(std::string_view key) const;
    const member* find_member(std::string_view key) const;

private:
    // member and value are incomplete here; special members are defined in value.cpp, where
    // they are complete (std::variant asks about them at once, and clang's library insists).
    struct object_data {
        object_data();
        object_data(const object_data&);
        object_data(object_data&&) noexcept;
        object_data& operator=(const object_data&);
        object_data& operator=(object_data&&) noexcept;
        ~object_data();

        std::vector<member> members;
    };
    struct array_data {
        array_data();
        array_data(const array_data&);
        array_data(array_data&&) noexcept;
        array_data& operator=(const array_data&);
        array_data& operator=(array_data&&) noexcept;
        ~array_data();

        std::vector<value> items;
        std::vector<column> columns;
    };
    using storage = std::variant<std::monostate, bool, std::int64_t, std::string, object_data, array_data>;

    value(storage data, display_kind kind);

    storage data_;
    display_kind display_ = display_kind::plain;
};

struct member {
    member(std::string key_, value item_, std::string title_ = {})
        : key(std::move(key_)), item(std::move(item_)), title(std::move(title_)) {}

    std::string key;
    value item;
    std::string title;  // for people; empty: derived from the key
};

inline constexpr std::string_view totals_suffix = "_totals";

// A list of rows, as tables and CSV see it: an array with declared columns, or a non-empty
// array whose items are all objects.
bool is_row_list(const value& item);

// A title for people from a snake_case key: underscores become spaces, the first letter is
// upper-cased ("input_tokens" -> "Input tokens"). For money and prices, whose tables show
// dollars, a trailing unit from "_micros" on is dropped ("total_cost_micros" -> "Total cost",
// "input_price_micros_per_million" -> "Input price").
std::string derive_title(std::string_view key, display_kind kind = display_kind::plain);

}  // namespace chatcost::output
