#include "pricebook/price_book_reader.hpp"

#include <array>
#include <limits>
#include <map>
#include <utility>
#include <variant>

#include <fmt/format.h>
#include <simdjson.h>

#include "cost/json_number.hpp"
#include "pricebook/simdjson_support.hpp"

// simdjson's On-Demand parser walks the entries, giving each value's raw text (numbers are
// never read as doubles) and its place in the file; everything is visited, so that the whole
// text is checked to be JSON (simdjson_support.hpp). It cannot go on past a malformation: the
// problems found before it are kept, and the malformation is the last one listed.

namespace chatcost::pricebook {

namespace {

namespace od = simdjson::ondemand;

constexpr std::size_t provider_key = 0;
constexpr std::size_t model_key = 1;
constexpr std::size_t first_price_key = 2;

std::optional<std::size_t> key_slot(std::string_view key) {
    for (std::size_t i = 0; i < entry_keys.size(); ++i) {
        if (entry_keys[i] == key) return i;
    }
    return std::nullopt;
}

// Why a price token is not a valid book price, or its value.
std::variant<std::int64_t, std::string> check_price(std::string_view token) {
    auto number = cost::scan_json_number(token);
    if (!number) return fmt::format("{} is not a JSON number", token);
    auto digits = cost::significant_digits(*number);
    if (number->negative && !digits.digits.empty()) return fmt::format("{} is negative", token);
    if (!number->is_integer_literal()) {
        if (digits.power < 0) {
            return fmt::format("{} is fractional: prices are whole micro-dollars per 1M tokens", token);
        }
        return fmt::format(
            "{} is not written as plain digits: prices are integers of micro-dollars per 1M tokens", token);
    }
    std::uint64_t value = 0;
    for (char c : number->whole) {
        if (value > (std::uint64_t{1} << 63) / 10) return fmt::format("{} is past the int64 range", token);
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fmt::format("{} is past the int64 range", token);
    }
    if (value > static_cast<std::uint64_t>(max_micros_per_million)) {
        return fmt::format("{} is above the largest price, {} micro-dollars per 1M tokens", token,
                           max_micros_per_million);
    }
    return static_cast<std::int64_t>(value);
}

book_problem make_problem(std::optional<std::size_t> index, std::string_view field,
                          std::optional<text_position> position, std::string message) {
    book_problem problem;
    problem.index = index;
    problem.field = std::string(field);
    problem.position = position;
    problem.message = std::move(message);
    return problem;
}

// Raised inside the walk when On-Demand cannot go on: the text is malformed there.
struct stop_walk {};

class book_walker {
public:
    explicit book_walker(const simdjson::padded_string& json) : json_(json) {}

    book_reading walk() {
        try {
            walk_document();
        } catch (const stop_walk&) {
        }
        return std::move(reading_);
    }

private:
    struct entry_state {
        std::size_t index = 0;
        const char* start = nullptr;
        std::array<bool, entry_keys.size()> seen{};
        std::optional<std::string> names[2];  // provider, model, when valid
        price_book_entry entry;
        std::vector<book_problem> problems;
    };

    void walk_document() {
        if (auto bad = not_json_start(std::string_view(json_.data(), json_.size()))) {
            reading_.problems.push_back(
                make_problem({}, "", position(json_.data() + bad->offset), "not JSON: " + bad->why));
            return;
        }
        od::parser parser;
        od::document doc;
        check(parser.iterate(json_).get(doc));
        doc_ = &doc;
        od::json_type type{};
        check(doc.type().get(type));
        if (type != od::json_type::array) {
            reading_.problems.push_back(make_problem(
                {}, "", position(first_token()),
                fmt::format("a price book is a JSON array of entries, not {}", type_name(type))));
            return;
        }
        od::array entries;
        check(doc.get_array().get(entries));
        std::size_t index = 0;
        for (auto element : entries) {
            od::value entry;
            check(std::move(element).get(entry));
            read_entry(entry, index++);
        }
        if (const char* after = trailing_text(doc)) malformed(after, "text after the end of the array");
        if (index == 0) {
            reading_.problems.push_back(
                make_problem({}, "", {}, "the price book is empty: it holds no entries"));
        }
    }

    void read_entry(od::value value, std::size_t index) {
        entry_state state;
        state.index = index;
        state.start = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::object) {
            check(skim(value));
            add(state, "", state.start, fmt::format("an entry must be an object, not {}", type_name(type)));
            finish(state);
            return;
        }
        od::object object;
        check(value.get_object().get(object));
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            const char* key_at = field.key().raw() - 1;  // raw() is just after the opening quote
            std::string_view key;
            check(field.unescaped_key().get(key));
            read_member(state, std::string(key), key_at, field.value());
        }
        for (std::size_t slot = 0; slot < entry_keys.size(); ++slot) {
            if (!state.seen[slot]) add(state, entry_keys[slot], state.start, "is missing");
        }
        finish(state);
    }

    void read_member(entry_state& state, const std::string& key, const char* key_at, od::value value) {
        auto slot = key_slot(key);
        if (!slot) {
            check(skim(value));
            add(state, key, key_at,
                "is not a key of a price book entry (provider, model, input_price, "
                "output_price, cache_read_price, cache_write_price)");
            return;
        }
        if (state.seen[*slot]) {
            check(skim(value));
            add(state, key, key_at, "appears twice in the entry");
            return;
        }
        state.seen[*slot] = true;
        if (*slot < first_price_key) {
            read_name(state, *slot, value);
        } else {
            read_price(state, *slot, value);
        }
    }

    void read_name(entry_state& state, std::size_t slot, od::value value) {
        const char* at = value.raw_json_token().data();
        const std::string_view key = entry_keys[slot];
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::string) {
            check(skim(value));
            add(state, key, at, fmt::format("must be a string, not {}", type_name(type)));
            return;
        }
        std::string_view text;
        check(value.get_string().get(text));
        if (auto why = check_name(text)) {
            add(state, key, at, *why);
            return;
        }
        state.names[slot] = std::string(text);
        (slot == provider_key ? state.entry.provider : state.entry.model) = std::string(text);
    }

    void read_price(entry_state& state, std::size_t slot, od::value value) {
        const char* at = value.raw_json_token().data();
        const std::string_view key = entry_keys[slot];
        const auto which = cost::all_categories[slot - first_price_key];
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::number) {
            check(skim(value));
            if (type == od::json_type::null) {
                state.entry.prices[which] = std::nullopt;
            } else {
                add(state, key, at, fmt::format("must be an integer or null, not {}", type_name(type)));
            }
            return;
        }
        check(skim(value));  // a number that breaks JSON's grammar is malformed JSON, not a bad price
        auto checked = check_price(cost::trim_token(value.raw_json_token()));
        if (auto* why = std::get_if<std::string>(&checked)) {
            add(state, key, at, *why);
            return;
        }
        state.entry.prices[which] = std::get<std::int64_t>(checked);
    }

    void finish(entry_state& state) {
        const bool named = state.names[provider_key] && state.names[model_key];
        if (named) {
            auto [it, inserted] = first_index_.try_emplace(
                std::make_pair(state.entry.provider, state.entry.model), state.index);
            if (!inserted) add(state, "", state.start, fmt::format("duplicates entry [{}]", it->second));
        }
        for (auto& problem : state.problems) {
            if (state.names[provider_key]) problem.provider = *state.names[provider_key];
            if (state.names[model_key]) problem.model = *state.names[model_key];
            reading_.problems.push_back(std::move(problem));
        }
        if (state.problems.empty()) reading_.entries.push_back(std::move(state.entry));
    }

    void add(entry_state& state, std::string_view field, const char* at, std::string message) {
        state.problems.push_back(make_problem(state.index, field, position(at), std::move(message)));
    }

    // Stops at the first fault On-Demand reports: it cannot go on past one.
    void check(simdjson::error_code error) {
        if (error) check(json_fault{error, nullptr});
    }

    void check(const std::optional<json_fault>& fault) {
        if (!fault) return;
        const char* at = fault->at;
        // Unbalanced brackets are found before the walk starts: no place to show.
        if (!at && doc_ && fault->error != simdjson::INCOMPLETE_ARRAY_OR_OBJECT &&
            doc_->current_location().get(at)) {
            at = nullptr;
        }
        malformed(at, describe(fault->error));
        throw stop_walk{};
    }

    void malformed(const char* at, const std::string& why) {
        reading_.problems.push_back(make_problem({}, "", position(at), "malformed JSON: " + why));
    }

    std::optional<text_position> position(const char* at) const {
        if (!at) return std::nullopt;
        return position_of(std::string_view(json_.data(), json_.size()),
                           static_cast<std::size_t>(at - json_.data()));
    }

    const char* first_token() const {
        std::size_t i = 0;
        while (i < json_.size() && is_json_space(json_.data()[i])) ++i;
        return json_.data() + i;
    }

    const simdjson::padded_string& json_;
    od::document* doc_ = nullptr;
    book_reading reading_;
    std::map<std::pair<std::string, std::string>, std::size_t> first_index_;
};

}  // namespace

std::string book_problem::to_string(std::string_view source) const {
    std::string text(source);
    if (position) text += ":" + position->to_string();
    text += ": ";
    if (index) {
        text += fmt::format("entry [{}]", *index);
        if (!provider.empty() || !model.empty()) {
            text += fmt::format(" {}/{}", provider.empty() ? "?" : provider, model.empty() ? "?" : model);
        }
        text += ": ";
    }
    if (!field.empty()) text += field + ": ";
    return text + message;
}

std::vector<std::string> book_reading::problem_lines(std::string_view source) const {
    std::vector<std::string> lines;
    for (const auto& problem : problems) lines.push_back(problem.to_string(source));
    return lines;
}

std::optional<std::string> check_name(std::string_view name) {
    if (name.empty()) return "is empty";
    if (name.find('\0') != std::string_view::npos)
        return "contains U+0000, which PostgreSQL text cannot hold";
    return std::nullopt;
}

book_reading read_price_book(std::string_view text) {
    simdjson::padded_string json(text);
    return book_walker(json).walk();
}

}  // namespace chatcost::pricebook
