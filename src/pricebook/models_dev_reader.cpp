#include "pricebook/models_dev_reader.hpp"

#include <algorithm>
#include <array>
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
        bool has_cost = false;
        bool priced = false;
        for (auto member : object) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view key;
            check(field.unescaped_key().get(key));
            od::value cost = field.value();
            od::json_type type{};
            check(cost.type().get(type));
            if (key != "cost" || type == od::json_type::null) {
                check(skim(cost));
                continue;
            }
            if (has_cost) {
                result_.errors.push_back(fmt::format("{}/{}: cost appears twice", provider, model));
                check(skim(cost));
                continue;
            }
            has_cost = true;
            od::object cost_object;
            // A cost that is not an object is an error already; it is not also "left out".
            priced = !expect_object(cost, cost_object, provider + "/" + model + ": cost") ||
                     read_cost(provider, model, cost_object);
        }
        if (!has_cost) {
            result_.skipped.push_back(fmt::format("{}/{}: no cost", provider, model));
        } else if (!priced) {
            result_.skipped.push_back(fmt::format(
                "{}/{}: its cost has none of input, output, cache_read, cache_write", provider, model));
        }
    }

    // Adds the model's entry; false when its cost has none of the four prices.
    bool read_cost(const std::string& provider, const std::string& model, od::object& cost) {
        price_book_entry entry{provider, model, {}};
        bool any_key = false;
        std::vector<std::string> not_carried;
        for (auto member : cost) {
            od::field field;
            check(std::move(member).get(field));
            std::string_view raw_key;
            check(field.unescaped_key().get(raw_key));
            std::string key(raw_key);
            od::value value = field.value();
            auto which = category_of(key);
            if (!which) {
                not_carried.push_back(key + "=" + raw_text(value));
                continue;
            }
            od::json_type type{};
            check(value.type().get(type));
            check(skim(value));
            if (type == od::json_type::null) continue;
            if (type != od::json_type::number) {
                result_.errors.push_back(
                    fmt::format("{}/{}: cost.{} is {}, not a number", provider, model, key, type_name(type)));
                continue;
            }
            any_key = true;
            entry.prices[*which] = convert(provider, model, key, cost::trim_token(value.raw_json_token()));
        }
        if (!not_carried.empty()) {
            result_.uncarried.push_back(
                fmt::format("{}/{}: not carried: {}", provider, model, fmt::join(not_carried, ", ")));
        }
        if (!any_key) return false;
        if (auto why = check_name(model)) {
            result_.errors.push_back(fmt::format("{}: model id \"{}\" {}", provider, model, *why));
            return true;
        }
        auto& tally = tallies_[provider];
        ++tally.entries;
        if (entry.prices.input || entry.prices.output) tally.has_input_or_output = true;
        result_.entries.push_back(std::move(entry));
        return true;
    }

    std::optional<std::int64_t> convert(const std::string& provider, const std::string& model,
                                        const std::string& key, std::string_view text) {
        auto converted = usd_per_million_to_micros(text);
        auto where = fmt::format("{}/{}: {}", provider, model, key);
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
                result_.adjustments.push_back(fmt::format(
                    "{}: {} USD per 1M tokens is negative; stored as unknown (null)", where, text));
                break;
            case conversion_status::too_large:
                result_.adjustments.push_back(fmt::format(
                    "{}: {} USD per 1M tokens is above the largest price; stored as unknown (null)", where,
                    text));
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
