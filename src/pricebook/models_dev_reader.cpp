#include "pricebook/models_dev_reader.hpp"

#include <algorithm>
#include <array>
#include <limits>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <simdjson.h>

#include "cost/json_number.hpp"
#include "pricebook/micros_conversion.hpp"
#include "pricebook/price_book_reader.hpp"
#include "pricebook/simdjson_support.hpp"
#include "pricebook/text_position.hpp"
#include "util/failure.hpp"

namespace chatcost::pricebook {

namespace {

namespace od = simdjson::ondemand;

// models.dev's name for each category's price, in the order of cost::all_categories.
constexpr std::array<std::string_view, 4> upstream_keys{"input", "output", "cache_read", "cache_write"};

std::optional<cost::category> category_of(std::string_view key) {
    for (std::size_t i = 0; i < upstream_keys.size(); ++i) {
        if (upstream_keys[i] == key) return cost::all_categories[i];
    }
    return std::nullopt;
}

// A value's JSON text on one line, for a note: whitespace outside strings removed.
std::string compact(std::string_view json) {
    std::string out;
    bool in_string = false;
    bool escaped = false;
    for (char c : json) {
        if (in_string) {
            out += c;
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (!is_json_space(c)) {
            out += c;
            in_string = c == '"';
        }
    }
    return out;
}

// A tier's prices under models.dev's names: the four categories in cost::all_categories order,
// then reasoning.
constexpr std::array<std::string_view, 5> upstream_tier_keys{"input", "output", "cache_read", "cache_write",
                                                             "reasoning"};

std::optional<std::size_t> upstream_tier_slot(std::string_view key) {
    auto it = std::find(upstream_tier_keys.begin(), upstream_tier_keys.end(), key);
    if (it == upstream_tier_keys.end()) return std::nullopt;
    return static_cast<std::size_t>(it - upstream_tier_keys.begin());
}

// What a price that cannot be stored becomes, said in its adjustment line.
constexpr std::string_view base_null = "stored as unknown (null)";
constexpr std::string_view tier_null = "left out of the tier, which inherits the base's price";

// A JSON number's text as a positive integer within int64 (a tier's size), or nullopt.
std::optional<std::int64_t> positive_integer(std::string_view text) {
    auto number = cost::scan_json_number(text);
    if (!number || number->negative || !number->is_integer_literal()) return std::nullopt;
    std::int64_t value = 0;
    for (char c : number->whole) {
        if (value > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10) return std::nullopt;
        value = value * 10 + (c - '0');
    }
    if (value == 0) return std::nullopt;
    return value;
}

// Micro-dollars per 1M tokens as USD per 1M tokens, as models.dev writes them: 250000 -> "0.25".
std::string usd(std::int64_t micros) {
    auto text = fmt::format("{}.{:06}", micros / 1'000'000, micros % 1'000'000);
    while (text.back() == '0') text.pop_back();
    if (text.back() == '.') text.pop_back();
    return text;
}

// One model as it is read: its entry, and the cost it has that the book cannot carry.
struct model_reading {
    std::string name;  // "provider/model", for messages
    price_book_entry entry;
    std::vector<std::string> not_carried{};  // "key=value", in the catalogue's order
};

// A tier of cost.tiers as read, before its prices are converted (only a tier that is carried
// is: a tier of another type reports nothing but itself).
struct upstream_tier {
    std::string name;  // "tiers[0]"
    std::optional<std::int64_t> size{};
    std::array<std::optional<std::string_view>, upstream_tier_keys.size()> prices{};
};

struct provider_tally {
    std::size_t models = 0;
    std::size_t entries = 0;
    bool has_models_object = false;
    bool has_input_or_output = false;
};

struct stop_walk {};

class catalogue_walker {
public:
    catalogue_walker(const simdjson::padded_string& json, const provider_selection& selection)
        : json_(json), selection_(selection) {}

    generation walk() {
        try {
            walk_document();
        } catch (const stop_walk&) {
            // A malformed catalogue gives nothing else: what was read before the fault is not enough.
            generation broken;
            broken.errors.push_back((not_json_ ? "not JSON" : "malformed JSON") + fault_);
            return broken;
        }
        if (!not_a_catalogue_) check_selection();
        std::sort(result_.entries.begin(), result_.entries.end(), key_less);
        std::set<std::string_view> providers;
        for (const auto& entry : result_.entries) providers.insert(entry.provider);
        result_.provider_count = providers.size();
        return std::move(result_);
    }

private:
    bool selected(std::string_view provider) const {
        return selection_.all || std::find(selection_.names.begin(), selection_.names.end(), provider) !=
                                     selection_.names.end();
    }

    void walk_document() {
        if (auto bad = not_json_start(std::string_view(json_.data(), json_.size()))) {
            fault_ = fmt::format(" at {}: {}", position(json_.data() + bad->offset), bad->why);
            not_json_ = true;
            throw stop_walk{};
        }
        od::parser parser;
        od::document doc;
        check(parser.iterate(json_).get(doc));
        doc_ = &doc;
        od::json_type type{};
        check(doc.type().get(type));
        if (type != od::json_type::object) {
            result_.errors.push_back(
                fmt::format("the catalogue must be a JSON object of providers, not {}", type_name(type)));
            not_a_catalogue_ = true;
            return;
        }
        od::object providers;
        check(doc.get_object().get(providers));
        for (auto member : providers) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            std::string provider(key);
            if (!selected(provider)) {
                check(skim(field.value()));  // unread, but checked: the whole catalogue must be JSON
                continue;
            }
            if (!tallies_.try_emplace(provider).second) {
                result_.errors.push_back(fmt::format("provider {} appears twice in the catalogue", provider));
                check(skim(field.value()));
                continue;
            }
            if (auto why = check_name(provider)) {
                result_.errors.push_back(fmt::format("provider id \"{}\" {}", provider, *why));
                check(skim(field.value()));
                continue;
            }
            read_provider(provider, field.value());
        }
        if (const char* after = trailing_text(doc)) {
            fault_ = fmt::format(" at {}: text after the end of the catalogue", position(after));
            throw stop_walk{};
        }
    }

    void read_provider(const std::string& provider, od::value value) {
        od::object object;
        if (!expect_object(value, object, provider)) return;
        bool models_seen = false;
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            if (key != "models") {
                check(skim(field.value()));
                continue;
            }
            // A second "models" would bring the same model ids again (found by fuzz_models_dev).
            if (std::exchange(models_seen, true)) {
                result_.errors.push_back(fmt::format("{}: models appears twice", provider));
                check(skim(field.value()));
                continue;
            }
            od::object models;
            if (!expect_object(field.value(), models, provider + ": models")) continue;
            tallies_[provider].has_models_object = true;
            std::set<std::string> model_ids;
            for (auto model_member : models) {
                od::field model_field;
                check(std::move(model_member).get(model_field));
                check(model_field.unescaped_key().get(key));
                std::string model(key);
                ++tallies_[provider].models;
                if (!model_ids.insert(model).second) {
                    result_.errors.push_back(fmt::format("{}/{}: the model appears twice", provider, model));
                    check(skim(model_field.value()));
                    continue;
                }
                read_model(provider, model, model_field.value());
            }
        }
    }

    void read_model(const std::string& provider, const std::string& model, od::value value) {
        od::object object;
        if (!expect_object(value, object, provider + "/" + model)) return;
        model_reading reading{provider + "/" + model, {provider, model, {}}};
        bool has_cost = false;
        bool priced = false;
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            od::value member_value = field.value();
            od::json_type type{};
            check(member_value.type().get(type));
            if (key == "experimental" && type == od::json_type::object) {
                read_experimental(reading, member_value);
                continue;
            }
            if (key != "cost" || type == od::json_type::null) {
                check(skim(member_value));
                continue;
            }
            if (has_cost) {
                result_.errors.push_back(reading.name + ": cost appears twice");
                check(skim(member_value));
                continue;
            }
            has_cost = true;
            od::object cost_object;
            // A cost that is not an object is an error already; it is not also "left out".
            priced = !expect_object(member_value, cost_object, reading.name + ": cost") ||
                     read_cost(reading, cost_object);
        }
        if (!reading.not_carried.empty()) {
            result_.uncarried.push_back(
                fmt::format("{}: not carried: {}", reading.name, fmt::join(reading.not_carried, ", ")));
        }
        if (!has_cost) {
            result_.skipped.push_back(reading.name + ": no cost");
        } else if (!priced) {
            result_.skipped.push_back(reading.name +
                                      ": its cost has none of input, output, cache_read, cache_write");
        }
    }

    // experimental.modes.<mode>.cost: the price of a service mode (fast) the chat schema does
    // not record, so the book cannot apply it; noted, like any cost it does not carry.
    void read_experimental(model_reading& reading, od::value value) {
        od::object experimental;
        check(value.get_object().get(experimental));
        for (auto member : experimental) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            od::value modes_value = field.value();
            od::json_type type{};
            check(modes_value.type().get(type));
            if (key != "modes" || type != od::json_type::object) {
                check(skim(modes_value));
                continue;
            }
            od::object modes;
            check(modes_value.get_object().get(modes));
            for (auto mode_member : modes) {
                od::field mode_field;
                check(std::move(mode_member).get(mode_field));
                check(mode_field.unescaped_key().get(key));
                const std::string mode(key);
                od::value mode_value = mode_field.value();
                check(mode_value.type().get(type));
                if (type != od::json_type::object) {
                    check(skim(mode_value));
                    continue;
                }
                od::object mode_object;
                check(mode_value.get_object().get(mode_object));
                for (auto mode_key : mode_object) {
                    od::field cost_field;
                    check(std::move(mode_key).get(cost_field));
                    check(cost_field.unescaped_key().get(key));
                    od::value cost_value = cost_field.value();
                    if (key == "cost") {
                        reading.not_carried.push_back(
                            fmt::format("experimental.modes.{}.cost={}", mode, raw_text(cost_value)));
                    } else {
                        check(skim(cost_value));
                    }
                }
            }
        }
    }

    // Adds the model's entry; false when its cost has none of the four prices.
    bool read_cost(model_reading& reading, od::object& cost) {
        bool any_key = false;
        std::optional<std::size_t> legacy_note;  // context_over_200k's place in not_carried
        bool has_tiers = false;
        std::vector<upstream_tier> tiers;
        for (auto member : cost) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view raw_key;
            check(field.unescaped_key().get(raw_key));
            std::string key(raw_key);
            od::value value = field.value();
            if (key == "tiers") {
                has_tiers = read_upstream_tiers(reading, value, tiers) || has_tiers;
                continue;
            }
            auto which = category_of(key);
            if (!which && key != "reasoning") {
                if (key == "context_over_200k") legacy_note = reading.not_carried.size();
                reading.not_carried.push_back(key + "=" + raw_text(value));
                continue;
            }
            auto text = read_number(reading.name, "cost." + key, value);
            if (!text) continue;
            auto micros = convert(reading.name, key, *text, base_null);
            if (which) {
                any_key = true;
                reading.entry.prices[*which] = micros;
            } else {
                reading.entry.reasoning_price = micros;
            }
        }
        // context_over_200k is a copy of one of the tiers, made for older readers: with tiers it
        // says nothing more (and its threshold may be wrong), so it is not noted.
        if (has_tiers && legacy_note) {
            reading.not_carried.erase(reading.not_carried.begin() +
                                      static_cast<std::ptrdiff_t>(*legacy_note));
        }
        if (!any_key) return false;
        if (auto why = check_name(reading.entry.model)) {
            result_.errors.push_back(
                fmt::format("{}: model id \"{}\" {}", reading.entry.provider, reading.entry.model, *why));
            return true;
        }
        carry_tiers(reading, tiers);
        note_inherited(reading);
        note_suspicious(reading);
        auto& tally = tallies_[reading.entry.provider];
        ++tally.entries;
        if (reading.entry.prices.input || reading.entry.prices.output) tally.has_input_or_output = true;
        result_.entries.push_back(std::move(reading.entry));
        return true;
    }

    // A price's number text, or nullopt for null; an error when it is neither.
    std::optional<std::string_view> read_number(const std::string& name, const std::string& key,
                                                od::value& value) {
        od::json_type type{};
        check(value.type().get(type));
        check(skim(value));
        if (type == od::json_type::null) return std::nullopt;
        if (type != od::json_type::number) {
            result_.errors.push_back(fmt::format("{}: {} is {}, not a number", name, key, type_name(type)));
            return std::nullopt;
        }
        return cost::trim_token(value.raw_json_token());
    }

    // cost.tiers: each a full price set with tier = {type: "context", size: N}. True when the
    // list holds a tier (then context_over_200k, a copy of one, is not noted).
    bool read_upstream_tiers(model_reading& reading, od::value& value, std::vector<upstream_tier>& tiers) {
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::array) {
            result_.errors.push_back(
                fmt::format("{}: cost.tiers is {}, not an array", reading.name, type_name(type)));
            check(skim(value));
            return false;
        }
        od::array list;
        check(value.get_array().get(list));
        std::size_t index = 0;
        for (auto element : list) {
            od::value tier_value;
            check(std::move(element).get(tier_value));
            read_upstream_tier(reading, tier_value, index++, tiers);
        }
        return index > 0;
    }

    void read_upstream_tier(model_reading& reading, od::value& value, std::size_t index,
                            std::vector<upstream_tier>& tiers) {
        const std::string name = fmt::format("tiers[{}]", index);
        const char* start = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::object) {
            result_.errors.push_back(
                fmt::format("{}: cost.{} is {}, not an object", reading.name, name, type_name(type)));
            check(skim(value));
            return;
        }
        od::object object;
        check(value.get_object().get(object));
        upstream_tier tier{name};
        std::vector<std::string> other_keys;
        bool has_descriptor = false;
        bool context_tier = false;
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view raw_key;
            check(field.unescaped_key().get(raw_key));
            std::string key(raw_key);
            od::value member_value = field.value();
            if (key == "tier") {
                has_descriptor = true;
                context_tier = read_descriptor(reading, name, member_value, tier.size);
                continue;
            }
            auto slot = upstream_tier_slot(key);
            if (!slot) {
                other_keys.push_back(name + "." + key + "=" + raw_text(member_value));
                continue;
            }
            tier.prices[*slot] = read_number(reading.name, "cost." + name + "." + key, member_value);
        }
        if (!has_descriptor) {
            result_.errors.push_back(
                fmt::format("{}: cost.{} has no tier (its type and size)", reading.name, name));
            return;
        }
        if (!context_tier) {
            // Not a context tier: the book cannot apply it, and the whole tier is noted.
            const char* end = nullptr;
            check(doc_->current_location().get(end));
            reading.not_carried.push_back(
                name + "=" + compact(std::string_view(start, static_cast<std::size_t>(end - start))));
            return;
        }
        for (auto& note : other_keys) reading.not_carried.push_back(std::move(note));
        if (!tier.size) return;  // the size was an error
        for (const auto& other : tiers) {
            if (other.size == tier.size) {
                result_.errors.push_back(fmt::format("{}: cost.{}.tier.size {} is the size of {} too",
                                                     reading.name, name, *tier.size, other.name));
                return;
            }
        }
        tiers.push_back(std::move(tier));
    }

    // tier = {"type": "context", "size": N}: true when it is a context tier, size set when N is
    // a positive integer (an error otherwise). Any other type or key: the tier is not carried.
    bool read_descriptor(model_reading& reading, const std::string& name, od::value& value,
                         std::optional<std::int64_t>& size) {
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::object) {
            result_.errors.push_back(
                fmt::format("{}: cost.{}.tier is {}, not an object", reading.name, name, type_name(type)));
            check(skim(value));
            return false;
        }
        od::object object;
        check(value.get_object().get(object));
        bool context = false;
        bool other_key = false;
        std::optional<std::string_view> size_text;
        od::json_type size_type{};
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            od::value member_value = field.value();
            od::json_type member_type{};
            check(member_value.type().get(member_type));
            if (key == "type" && member_type == od::json_type::string) {
                std::string_view text;
                check(member_value.get_string().get(text));
                context = text == "context";
            } else if (key == "size") {
                check(skim(member_value));
                size_text = cost::trim_token(member_value.raw_json_token());
                size_type = member_type;
            } else {
                check(skim(member_value));
                other_key = true;
            }
        }
        if (!context || other_key) return false;
        if (!size_text) {
            result_.errors.push_back(fmt::format("{}: cost.{}.tier has no size", reading.name, name));
        } else if (size_type != od::json_type::number) {
            result_.errors.push_back(fmt::format("{}: cost.{}.tier.size is {}, not a number", reading.name,
                                                 name, type_name(size_type)));
        } else if (auto tokens = positive_integer(*size_text)) {
            size = *tokens;
        } else {
            result_.errors.push_back(
                fmt::format("{}: cost.{}.tier.size {} is not a positive integer of tokens", reading.name,
                            name, *size_text));
        }
        return true;
    }

    void carry_tiers(model_reading& reading, std::vector<upstream_tier>& tiers) {
        std::sort(tiers.begin(), tiers.end(), [](const auto& a, const auto& b) { return *a.size < *b.size; });
        for (const auto& tier : tiers) {
            price_book_tier carried{*tier.size, {}, {}};
            for (std::size_t slot = 0; slot < upstream_tier_keys.size(); ++slot) {
                if (!tier.prices[slot]) continue;
                auto micros = convert(reading.name, tier.name + "." + std::string(upstream_tier_keys[slot]),
                                      *tier.prices[slot], tier_null);
                if (slot < cost::all_categories.size()) {
                    carried.prices[cost::all_categories[slot]] = micros;
                } else {
                    carried.reasoning_price = micros;
                }
            }
            reading.entry.tiers.push_back(std::move(carried));
        }
    }

    // A tier that leaves out a price its base has is charged the base's for it (DESIGN §2 rule
    // 8): models.dev means each tier as a full price set, so this is said, once per model.
    void note_inherited(const model_reading& reading) {
        const auto& entry = reading.entry;
        std::vector<std::string> parts;
        for (const auto& tier : entry.tiers) {
            std::vector<std::string_view> inherited;
            for (auto which : cost::all_categories) {
                if (entry.prices[which] && !tier.prices[which])
                    inherited.push_back(upstream_keys[static_cast<std::size_t>(which)]);
            }
            if (entry.reasoning_price && !tier.reasoning_price) inherited.push_back("reasoning");
            if (!inherited.empty()) {
                parts.push_back(fmt::format("tier above {} inherits {} from the base", tier.size,
                                            fmt::join(inherited, ", ")));
            }
        }
        if (!parts.empty())
            result_.inherited.push_back(fmt::format("{}: {}", reading.name, fmt::join(parts, "; ")));
    }

    // Prices that are probably wrong upstream, though the book can carry them: a cache read
    // dearer than input, a cache write cheaper than a cache read, a tier cheaper than its base.
    void note_suspicious(const model_reading& reading) {
        const auto& entry = reading.entry;
        std::vector<std::string> findings;
        check_cache_prices(entry.prices, {}, "", findings);
        for (const auto& tier : entry.tiers) {
            const auto where = fmt::format("tier above {}: ", tier.size);
            micros_prices effective = entry.prices;
            for (auto which : cost::all_categories) {
                if (!tier.prices[which]) continue;
                effective[which] = tier.prices[which];
                if (entry.prices[which] && *tier.prices[which] < *entry.prices[which]) {
                    findings.push_back(fmt::format("{}{} {} is below the base's {}", where,
                                                   upstream_keys[static_cast<std::size_t>(which)],
                                                   usd(*tier.prices[which]), usd(*entry.prices[which])));
                }
            }
            if (tier.reasoning_price && entry.reasoning_price &&
                *tier.reasoning_price < *entry.reasoning_price) {
                findings.push_back(fmt::format("{}reasoning {} is below the base's {}", where,
                                               usd(*tier.reasoning_price), usd(*entry.reasoning_price)));
            }
            check_cache_prices(effective, &tier.prices, where, findings);
        }
        if (!findings.empty()) {
            result_.suspicious.push_back(
                fmt::format("{}: {} (USD per 1M tokens)", reading.name, fmt::join(findings, "; ")));
        }
    }

    // `prices` are a level's (a tier's with what it inherits); `own`, a tier's own prices, or
    // null for the base. A tier is only blamed for a pair it sets at least one of: a pair it
    // inherits whole is the base's finding.
    static void check_cache_prices(const micros_prices& prices, const micros_prices* own,
                                   std::string_view where, std::vector<std::string>& findings) {
        auto sets = [own](cost::category a, cost::category b) { return !own || (*own)[a] || (*own)[b]; };
        if (prices.cache_read && prices.input && *prices.cache_read > *prices.input &&
            sets(cost::category::cache_read, cost::category::input)) {
            findings.push_back(fmt::format("{}cache_read {} is above input {}", where,
                                           usd(*prices.cache_read), usd(*prices.input)));
        }
        if (prices.cache_write && prices.cache_read && *prices.cache_write < *prices.cache_read &&
            sets(cost::category::cache_write, cost::category::cache_read)) {
            findings.push_back(fmt::format("{}cache_write {} is below cache_read {}", where,
                                           usd(*prices.cache_write), usd(*prices.cache_read)));
        }
    }

    std::optional<std::int64_t> convert(const std::string& name, const std::string& key,
                                        std::string_view text, std::string_view null_means) {
        auto converted = usd_per_million_to_micros(text);
        auto where = fmt::format("{}: {}", name, key);
        switch (converted.status) {
            case conversion_status::exact:
                break;
            case conversion_status::rounded:
                result_.adjustments.push_back(
                    fmt::format("{}: {} USD per 1M tokens is finer than a micro-dollar; "
                                "rounded to {} micro-dollars",
                                where, text, *converted.micros));
                break;
            case conversion_status::negative:
                result_.adjustments.push_back(
                    fmt::format("{}: {} USD per 1M tokens is negative; {}", where, text, null_means));
                break;
            case conversion_status::too_large:
                result_.adjustments.push_back(fmt::format(
                    "{}: {} USD per 1M tokens is above the largest price; {}", where, text, null_means));
                break;
            case conversion_status::not_a_number:
                result_.errors.push_back(fmt::format("{}: {} is not a JSON number", where, text));
                break;
        }
        return converted.micros;
    }

    // The value's JSON text, checked: from its first byte to where skimming it ends.
    std::string raw_text(od::value& value) {
        const char* start = value.raw_json_token().data();
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::object && type != od::json_type::array) {
            check(skim(value));
            return compact(cost::trim_token(value.raw_json_token()));
        }
        check(skim(value));
        const char* end = nullptr;
        check(doc_->current_location().get(end));
        return compact(std::string_view(start, static_cast<std::size_t>(end - start)));
    }

    bool expect_object(od::value value, od::object& object, const std::string& what) {
        od::json_type type{};
        check(value.type().get(type));
        if (type != od::json_type::object) {
            result_.errors.push_back(fmt::format("{} is {}, not an object", what, type_name(type)));
            check(skim(value));
            return false;
        }
        check(value.get_object().get(object));
        return true;
    }

    void check_selection() {
        if (!selection_.all) {
            for (const auto& provider : selection_.names) check_requested(provider);
        }
        bool any = std::any_of(result_.entries.begin(), result_.entries.end(),
                               [](const auto& e) { return e.prices.input || e.prices.output; });
        if (!any && result_.errors.empty()) {
            result_.errors.push_back(
                "no model has an input or output price: the models.dev format has "
                "probably changed");
        }
    }

    void check_requested(const std::string& provider) {
        auto it = tallies_.find(provider);
        if (it == tallies_.end()) {
            result_.errors.push_back(fmt::format("provider {} is not in the catalogue", provider));
        } else if (!it->second.has_models_object || it->second.models == 0) {
            result_.errors.push_back(fmt::format("provider {} has no models in the catalogue", provider));
        } else if (it->second.entries == 0) {
            result_.errors.push_back(
                fmt::format("provider {}: none of its {} models has a price", provider, it->second.models));
        } else if (!it->second.has_input_or_output) {
            result_.errors.push_back(
                fmt::format("provider {}: none of its {} priced models has an input or output "
                            "price: the models.dev format has probably changed",
                            provider, it->second.entries));
        }
    }

    void check(simdjson::error_code error) {
        if (error) check(json_fault{error, nullptr});
    }

    // On-Demand cannot go on past a malformation: the walk stops there.
    void check(const std::optional<json_fault>& fault) {
        if (!fault) return;
        const char* at = fault->at;
        if (!at && doc_ && fault->error != simdjson::INCOMPLETE_ARRAY_OR_OBJECT &&
            doc_->current_location().get(at)) {
            at = nullptr;
        }
        fault_ = at ? fmt::format(" at {}: {}", position(at), describe(fault->error))
                    : ": " + describe(fault->error);
        throw stop_walk{};
    }

    std::string position(const char* at) const {
        auto offset = static_cast<std::size_t>(at - json_.data());
        return position_of(std::string_view(json_.data(), json_.size()), offset).to_string();
    }

    const simdjson::padded_string& json_;
    const provider_selection& selection_;
    od::document* doc_ = nullptr;
    generation result_;
    std::map<std::string, provider_tally> tallies_;
    std::string fault_;  // " at 3:14: why", once the walk has stopped
    bool not_a_catalogue_ = false;
    bool not_json_ = false;  // fault_ says why the text cannot be JSON at all
};

std::string_view trim_spaces(std::string_view text) {
    while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
    return text;
}

}  // namespace

provider_selection parse_provider_selection(std::string_view list) {
    if (trim_spaces(list) == "all") return {.all = true, .names = {}};
    provider_selection selection{.all = false, .names = {}};
    std::size_t start = 0;
    while (true) {
        auto comma = list.find(',', start);
        auto name = trim_spaces(list.substr(start, comma == std::string_view::npos ? comma : comma - start));
        if (name.empty()) {
            throw failure(exit_code::usage, fmt::format("--providers \"{}\": empty provider name", list),
                          "give provider ids separated by commas (anthropic,openai), or all");
        }
        if (std::find(selection.names.begin(), selection.names.end(), name) == selection.names.end()) {
            selection.names.emplace_back(name);
        }
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return selection;
}

generation read_models_dev(std::string_view api_json, const provider_selection& selection) {
    simdjson::padded_string json(api_json);
    return catalogue_walker(json, selection).walk();
}

}  // namespace chatcost::pricebook
