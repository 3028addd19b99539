#include "pricebook/price_book_reader.hpp"

#include <algorithm>
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

// An entry's keys by slot: entry_keys, then optional_entry_keys.
constexpr std::size_t provider_key = 0;
constexpr std::size_t model_key = 1;
constexpr std::size_t first_price_key = 2;
constexpr std::size_t reasoning_key = entry_keys.size();
constexpr std::size_t tiers_key = entry_keys.size() + 1;
constexpr std::size_t entry_key_count = entry_keys.size() + optional_entry_keys.size();

std::string_view entry_key(std::size_t slot) {
    return slot < entry_keys.size() ? entry_keys[slot] : optional_entry_keys[slot - entry_keys.size()];
}

std::optional<std::size_t> key_slot(std::string_view key) {
    for (std::size_t slot = 0; slot < entry_key_count; ++slot) {
        if (entry_key(slot) == key) return slot;
    }
    return std::nullopt;
}

// A tier's keys by slot: "size", the four categories' prices in cost::all_categories order,
// then "reasoning_price".
constexpr std::size_t size_slot = 0;
constexpr std::size_t tier_reasoning_slot = tier_keys.size() - 1;
static_assert(tier_keys[1] == cost::price_book_column(cost::category::input) &&
              tier_keys[4] == cost::price_book_column(cost::category::cache_write) &&
              tier_keys[tier_reasoning_slot] == optional_entry_keys[0]);

std::optional<std::size_t> tier_key_slot(std::string_view key) {
    auto it = std::find(tier_keys.begin(), tier_keys.end(), key);
    if (it == tier_keys.end()) return std::nullopt;
    return static_cast<std::size_t>(it - tier_keys.begin());
}

// Why a tier size token is not a positive integer of tokens, or its value.
std::variant<std::int64_t, std::string> check_size(std::string_view token) {
    auto number = cost::scan_json_number(token);
    if (!number) return fmt::format("{} is not a JSON number", token);
    auto digits = cost::significant_digits(*number);
    if (number->negative || digits.digits.empty() || !number->is_integer_literal()) {
        return fmt::format("{} is not a positive integer: a tier applies above a whole number of tokens",
                           token);
    }
    std::uint64_t value = 0;
    for (char c : number->whole) {
        if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) / 10) {
            return fmt::format("{} is past the int64 range", token);
        }
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        return fmt::format("{} is past the int64 range", token);
    }
    return static_cast<std::int64_t>(value);
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
        std::array<bool, entry_key_count> seen{};
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
                "is not a key of a price book entry (provider, model, input_price, output_price, "
                "cache_read_price, cache_write_price, reasoning_price, tiers)");
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
        } else if (*slot == reasoning_key) {
            read_price(state, key, value, state.entry.reasoning_price);
        } else if (*slot == tiers_key) {
            read_tiers(state, value);
        } else {
            read_price(state, key, value, state.entry.prices[cost::all_categories[*slot - first_price_key]]);
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

    // A price (an integer or null) into `price`, or a problem named `field` ("input_price",
    // "tiers[0].input_price").
    void read_price(entry_state& state, std::string_view field, od::value value,
                    std::optional<std::int64_t>& price) {
        const char* at = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::number) {
            check(skim(value));
            if (type == od::json_type::null) {
                price = std::nullopt;
            } else {
                add(state, field, at, fmt::format("must be an integer or null, not {}", type_name(type)));
            }
            return;
        }
        check(skim(value));  // a number that breaks JSON's grammar is malformed JSON, not a bad price
        auto checked = check_price(cost::trim_token(value.raw_json_token()));
        if (auto* why = std::get_if<std::string>(&checked)) {
            add(state, field, at, *why);
            return;
        }
        price = std::get<std::int64_t>(checked);
    }

    // "tiers": an array of tier objects, in any order; kept by increasing size.
    void read_tiers(entry_state& state, od::value value) {
        const char* at = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::array) {
            check(skim(value));
            add(state, "tiers", at, fmt::format("must be an array of tiers, not {}", type_name(type)));
            return;
        }
        od::array tiers;
        check(value.get_array().get(tiers));
        std::map<std::int64_t, std::size_t> tier_of_size;  // the first tier of each size
        std::size_t index = 0;
        for (auto element : tiers) {
            od::value tier;
            check(std::move(element).get(tier));
            read_tier(state, tier, index++, tier_of_size);
        }
        std::stable_sort(state.entry.tiers.begin(), state.entry.tiers.end(),
                         [](const auto& a, const auto& b) { return a.size < b.size; });
    }

    void read_tier(entry_state& state, od::value value, std::size_t index,
                   std::map<std::int64_t, std::size_t>& tier_of_size) {
        const std::string name = fmt::format("tiers[{}]", index);
        const char* start = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::object) {
            check(skim(value));
            add(state, name, start, fmt::format("a tier must be an object, not {}", type_name(type)));
            return;
        }
        od::object object;
        check(value.get_object().get(object));
        const auto problems_before = state.problems.size();
        price_book_tier tier;
        std::array<bool, tier_keys.size()> seen{};
        std::optional<std::int64_t> size;
        const char* size_at = start;
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            const char* key_at = field.key().raw() - 1;  // raw() is just after the opening quote
            std::string_view raw_key;
            check(field.unescaped_key().get(raw_key));
            const std::string where = name + "." + std::string(raw_key);
            auto slot = tier_key_slot(raw_key);
            od::value member_value = field.value();
            if (!slot || seen[*slot]) {
                check(skim(member_value));
                add(state, where, key_at,
                    slot ? "appears twice in the tier"
                         : "is not a key of a tier (size, input_price, output_price, cache_read_price, "
                           "cache_write_price, reasoning_price)");
                continue;
            }
            seen[*slot] = true;
            if (*slot == size_slot) {
                size_at = member_value.raw_json_token().data();
                size = read_size(state, where, member_value);
            } else if (*slot == tier_reasoning_slot) {
                read_price(state, where, member_value, tier.reasoning_price);
            } else {
                read_price(state, where, member_value, tier.prices[cost::all_categories[*slot - 1]]);
            }
        }
        if (!seen[size_slot]) add(state, name + ".size", start, "is missing");
        if (size) {
            auto [first, inserted] = tier_of_size.try_emplace(*size, index);
            if (!inserted) {
                add(state, name + ".size", size_at,
                    fmt::format("{} is the size of tiers[{}] too: each size once", *size, first->second));
            }
        }
        if (size && state.problems.size() == problems_before) {
            tier.size = *size;
            state.entry.tiers.push_back(std::move(tier));
        }
    }

    std::optional<std::int64_t> read_size(entry_state& state, std::string_view field, od::value value) {
        const char* at = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        check(skim(value));
        if (type != od::json_type::number) {
            add(state, field, at, fmt::format("must be a positive integer, not {}", type_name(type)));
            return std::nullopt;
        }
        auto checked = check_size(cost::trim_token(value.raw_json_token()));
        if (auto* why = std::get_if<std::string>(&checked)) {
            add(state, field, at, *why);
            return std::nullopt;
        }
        return std::get<std::int64_t>(checked);
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
