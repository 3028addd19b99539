#include "output/value.hpp"

#include <algorithm>
#include <stdexcept>

#include <fmt/format.h>

namespace chatcost::output {

namespace {

bool is_decimal_text(std::string_view digits) {
    size_t i = 0;
    if (i < digits.size() && digits[i] == '-') ++i;
    size_t integer_start = i;
    while (i < digits.size() && digits[i] >= '0' && digits[i] <= '9') ++i;
    if (i == integer_start) return false;
    if (i == digits.size()) return true;
    if (digits[i] != '.') return false;
    size_t fraction_start = ++i;
    while (i < digits.size() && digits[i] >= '0' && digits[i] <= '9') ++i;
    return i > fraction_start && i == digits.size();
}

}  // namespace

value::object_data::object_data() = default;
value::object_data::object_data(const object_data&) = default;
value::object_data::object_data(object_data&&) noexcept = default;
value::object_data& value::object_data::operator=(const object_data&) = default;
value::object_data& value::object_data::operator=(object_data&&) noexcept = default;
value::object_data::~object_data() = default;

value::array_data::array_data() = default;
value::array_data::array_data(const array_data&) = default;
value::array_data::array_data(array_data&&) noexcept = default;
value::array_data& value::array_data::operator=(const array_data&) = default;
value::array_data& value::array_data::operator=(array_data&&) noexcept = default;
value::array_data::~array_data() = default;

value::value(storage data, display_kind kind) : data_(std::move(data)), display_(kind) {}

value value::null(display_kind kind) {
    return value(storage{}, kind);
}

value value::boolean(bool flag) {
    return value(storage{flag}, display_kind::plain);
}

value value::integer(std::optional<std::int64_t> number) {
    if (!number) return null();
    return value(storage{*number}, display_kind::plain);
}

value value::money(std::optional<std::int64_t> micros) {
    return value(micros ? storage{*micros} : storage{}, display_kind::money_micros);
}

value value::price(std::optional<std::int64_t> micros_per_million) {
    return value(micros_per_million ? storage{*micros_per_million} : storage{},
                 display_kind::price_micros_per_million);
}

value value::tokens(std::optional<std::int64_t> tokens) {
    return value(tokens ? storage{*tokens} : storage{}, display_kind::tokens);
}

value value::count(std::optional<std::int64_t> count) {
    return value(count ? storage{*count} : storage{}, display_kind::count);
}

value value::decimal(std::optional<std::string> digits) {
    if (!digits) return null(display_kind::decimal);
    if (!is_decimal_text(*digits)) {
        throw std::invalid_argument(fmt::format("not an exact decimal: '{}'", *digits));
    }
    return value(storage{std::move(*digits)}, display_kind::decimal);
}

value value::timestamp(std::optional<std::string> rfc3339) {
    return value(rfc3339 ? storage{std::move(*rfc3339)} : storage{}, display_kind::timestamp);
}

value value::bar(std::int64_t amount) {
    return value(storage{amount}, display_kind::bar);
}

value value::text(std::string text) {
    return value(storage{std::move(text)}, display_kind::plain);
}

value value::text(std::string_view text) {
    return value::text(std::string(text));
}

value value::text(const char* text) {
    return value::text(std::string(text));
}

value value::text(const std::optional<std::string>& text) {
    if (!text) return null();
    return value::text(*text);
}

value value::object() {
    return value(storage{object_data{}}, display_kind::plain);
}

value value::object(std::vector<member> members) {
    value result = object();
    for (auto& entry : members)
        result.add(std::move(entry.key), std::move(entry.item), std::move(entry.title));
    return result;
}

value value::array() {
    return value(storage{array_data{}}, display_kind::plain);
}

value value::array(std::vector<value> items) {
    array_data array;
    array.items = std::move(items);
    return value(storage{std::move(array)}, display_kind::plain);
}

value value::rows(std::vector<column> columns) {
    array_data array;
    array.columns = std::move(columns);
    return value(storage{std::move(array)}, display_kind::plain);
}

value& value::add(std::string key, value item, std::string title) {
    auto* object = std::get_if<object_data>(&data_);
    if (!object) throw std::logic_error(fmt::format("cannot add member '{}' to a non-object", key));
    if (find_member(key)) throw std::invalid_argument(fmt::format("duplicate key '{}'", key));
    object->members.push_back(member{std::move(key), std::move(item), std::move(title)});
    return *this;
}

value& value::add_rows(std::string key, value rows, std::optional<value> totals, std::string title) {
    if (!rows.is_array()) throw std::logic_error(fmt::format("member '{}' must be an array of rows", key));
    if (totals && !totals->is_object()) {
        throw std::logic_error(fmt::format("the totals of '{}' must be an object", key));
    }
    std::string totals_key = key + std::string(totals_suffix);
    add(std::move(key), std::move(rows), std::move(title));
    if (totals) add(std::move(totals_key), std::move(*totals));
    return *this;
}

value& value::append(value item) {
    auto* array = std::get_if<array_data>(&data_);
    if (!array) throw std::logic_error("cannot append to a non-array");
    array->items.push_back(std::move(item));
    return *this;
}

value_type value::type() const {
    switch (data_.index()) {
        case 0:
            return value_type::null;
        case 1:
            return value_type::boolean;
        case 2:
            return value_type::integer;
        case 3:
            return value_type::text;
        case 4:
            return value_type::object;
        default:
            return value_type::array;
    }
}

bool value::as_boolean() const {
    if (const auto* flag = std::get_if<bool>(&data_)) return *flag;
    throw std::logic_error("value is not a boolean");
}

std::int64_t value::as_integer() const {
    if (const auto* number = std::get_if<std::int64_t>(&data_)) return *number;
    throw std::logic_error("value is not an integer");
}

const std::string& value::as_text() const {
    if (const auto* text = std::get_if<std::string>(&data_)) return *text;
    throw std::logic_error("value is not a text");
}

const std::vector<member>& value::members() const {
    if (const auto* object = std::get_if<object_data>(&data_)) return object->members;
    throw std::logic_error("value is not an object");
}

const std::vector<value>& value::items() const {
    if (const auto* array = std::get_if<array_data>(&data_)) return array->items;
    throw std::logic_error("value is not an array");
}

const std::vector<column>& value::columns() const {
    if (const auto* array = std::get_if<array_data>(&data_)) return array->columns;
    throw std::logic_error("value is not an array");
}

const member* value::find_member(std::string_view key) const {
    const auto* object = std::get_if<object_data>(&data_);
    if (!object) return nullptr;
    for (const auto& entry : object->members) {
        if (entry.key == key) return &entry;
    }
    return nullptr;
}

const value* value::find(std::string_view key) const {
    const member* entry = find_member(key);
    return entry ? &entry->item : nullptr;
}

bool is_row_list(const value& item) {
    if (!item.is_array()) return false;
    if (!item.columns().empty()) return true;
    const auto& items = item.items();
    return !items.empty() &&
           std::all_of(items.begin(), items.end(), [](const value& row) { return row.is_object(); });
}

std::string derive_title(std::string_view key, display_kind kind) {
    if (kind == display_kind::money_micros || kind == display_kind::price_micros_per_million) {
        // The table shows dollars, so the unit in the key would be wrong there.
        constexpr std::string_view unit = "_micros";
        size_t at = key.find(unit);
        size_t after = at + unit.size();
        if (at != std::string_view::npos && at > 0 && (after == key.size() || key[after] == '_')) {
            key = key.substr(0, at);
        }
    }
    std::string title(key);
    for (char& c : title) {
        if (c == '_') c = ' ';
    }
    if (!title.empty() && title[0] >= 'a' && title[0] <= 'z')
        title[0] = static_cast<char>(title[0] - 'a' + 'A');
    return title;
}

}  // namespace chatcost::output
