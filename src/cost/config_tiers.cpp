#include "cost/config_tiers.hpp"

#include <string>

#include "cost/json_number.hpp"

namespace chatcost::cost {

namespace {

// Deep enough for any real config; a limit, so that "[[[[..." cannot exhaust the stack.
constexpr int nesting_limit = 64;

// A JSON scalar as this reader keeps it: a string's raw content (escapes left as written) or a
// number's token; `none` when the cursor is not at a scalar ('{', '[' or not JSON).
struct json_scalar {
    enum class kind { none, string, number, null, boolean } type = kind::none;
    std::string_view text{};
};

class tier_list_reader {
public:
    explicit tier_list_reader(std::string_view json) : json_(json) {}

    result<std::vector<config_tier_text>> read() {
        std::vector<config_tier_text> tiers;
        skip_space();
        if (take_literal("null")) return finish(std::move(tiers));
        if (!take('[')) return fail("cost.tiers", "is not a list");
        skip_space();
        if (take(']')) return finish(std::move(tiers));
        do {
            auto place = "cost.tiers[" + std::to_string(tiers.size()) + "]";
            auto tier = read_tier(place);
            if (!tier) return failure();
            tiers.push_back(*tier);
            skip_space();
        } while (take(','));
        if (!take(']')) return fail("cost.tiers", "is not a well-formed list");
        return finish(std::move(tiers));
    }

private:
    std::optional<config_tier_text> read_tier(const std::string& place) {
        skip_space();
        if (!take('{')) return fail_none(place, "is not an object");
        config_tier_text tier;
        bool has_tier = false;
        bool ok = read_members(place, [&](std::string_view key, const std::string& at) {
            if (key == "tier") {
                has_tier = true;
                return read_tier_kind(at, tier.size);
            }
            for (auto which : all_categories) {
                if (key == tier_price_key(which)) {
                    return read_price(at, tier.prices[which]);
                }
            }
            if (key == "reasoning") return read_price(at, tier.reasoning);
            return skip_value(0);  // another kind of token (input_audio, ...): no message has it
        });
        if (!ok) return std::nullopt;
        if (!has_tier) return fail_none(place, "has no \"tier\": {\"type\": \"context\", \"size\": N}");
        return tier;
    }

    // {"type": "context", "size": 272000}
    bool read_tier_kind(const std::string& place, std::int64_t& size) {
        skip_space();
        if (!take('{')) return fail_bool(place, "is not an object");
        std::optional<std::string_view> type;
        std::optional<std::int64_t> read_size;
        bool ok = read_members(place, [&](std::string_view key, const std::string& at) {
            if (key == "type") {
                auto value = scalar();
                if (value.type != json_scalar::kind::string) return fail_bool(at, "is not a string");
                type = value.text;
                return true;
            }
            if (key == "size") return read_size_value(at, read_size);
            return skip_value(0);
        });
        if (!ok) return false;
        if (!type) return fail_bool(place + ".type", "is missing (\"context\")");
        if (*type != "context") {
            std::string what(1, '"');
            what.append(*type).append("\" is not \"context\"");
            return fail_bool(place + ".type", what);
        }
        if (!read_size) return fail_bool(place + ".size", "is missing");
        size = *read_size;
        return true;
    }

    bool read_size_value(const std::string& place, std::optional<std::int64_t>& size) {
        auto value = scalar();
        auto number = value.type == json_scalar::kind::number ? scan_json_number(value.text) : std::nullopt;
        if (!number || !number->is_integer_literal()) {
            return fail_bool(place, "is not a whole number of tokens");
        }
        constexpr std::int64_t limit = 1'000'000'000'000'000'000;  // far past any context
        std::int64_t parsed = 0;
        for (char c : number->whole) {
            // Checked before the step, so that the product never passes int64.
            if (parsed > (limit - (c - '0')) / 10) return fail_bool(place, "is too large");
            parsed = parsed * 10 + (c - '0');
        }
        size = number->negative ? -parsed : parsed;
        return true;
    }

    bool read_price(const std::string& place, std::optional<std::string_view>& text) {
        auto value = scalar();
        switch (value.type) {
            case json_scalar::kind::string:
            case json_scalar::kind::number:
                text = value.text;
                return true;
            case json_scalar::kind::null:
                text.reset();  // JSON null: as if left out
                return true;
            case json_scalar::kind::boolean:
            case json_scalar::kind::none:
                break;
        }
        return fail_bool(place, "is not a price (a number or a string holding one)");
    }

    // The members of an object whose '{' was taken; `member(key, place)` reads each value.
    template <class Member>
    bool read_members(const std::string& place, Member&& member) {
        skip_space();
        if (take('}')) return true;
        do {
            skip_space();
            auto key = scalar();
            if (key.type != json_scalar::kind::string) return fail_bool(place, "is not a well-formed object");
            skip_space();
            if (!take(':')) return fail_bool(place, "is not a well-formed object");
            skip_space();
            if (!member(key.text, place + "." + std::string(key.text))) return false;
            skip_space();
        } while (take(','));
        if (!take('}')) return fail_bool(place, "is not a well-formed object");
        return true;
    }

    // A string, number or literal at the cursor; kind::none, nothing taken, for anything else.
    json_scalar scalar() {
        if (take('"')) {
            auto start = at_;
            while (at_ < json_.size() && json_[at_] != '"') {
                if (static_cast<unsigned char>(json_[at_]) < 0x20) return {};
                at_ += json_[at_] == '\\' ? 2 : 1;
            }
            if (at_ >= json_.size()) return {};
            auto text = json_.substr(start, at_ - start);
            ++at_;
            return {json_scalar::kind::string, text};
        }
        if (take_literal("null")) return {json_scalar::kind::null, {}};
        if (take_literal("true") || take_literal("false")) return {json_scalar::kind::boolean, {}};
        auto start = at_;
        while (at_ < json_.size() &&
               std::string_view("+-.0123456789eE").find(json_[at_]) != std::string_view::npos) {
            ++at_;
        }
        auto text = json_.substr(start, at_ - start);
        if (!scan_json_number(text)) {
            at_ = start;
            return {};
        }
        return {json_scalar::kind::number, text};
    }

    bool skip_value(int depth) {
        if (depth > nesting_limit) return fail_bool("cost.tiers", "is nested too deeply");
        skip_space();
        bool object = take('{');
        if (object || take('[')) {
            skip_space();
            if (take(object ? '}' : ']')) return true;
            do {
                skip_space();
                if (object) {
                    if (scalar().type != json_scalar::kind::string) break;
                    skip_space();
                    if (!take(':')) break;
                }
                if (!skip_value(depth + 1)) return false;
                skip_space();
            } while (take(','));
            if (take(object ? '}' : ']')) return true;
            return fail_bool("cost.tiers", "is not well-formed JSON");
        }
        if (scalar().type == json_scalar::kind::none)
            return fail_bool("cost.tiers", "is not well-formed JSON");
        return true;
    }

    void skip_space() {
        while (at_ < json_.size() &&
               (json_[at_] == ' ' || json_[at_] == '\t' || json_[at_] == '\n' || json_[at_] == '\r')) {
            ++at_;
        }
    }
    bool take(char c) {
        if (at_ < json_.size() && json_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    bool take_literal(std::string_view word) {
        if (json_.substr(at_, word.size()) != word) return false;
        at_ += word.size();
        return true;
    }

    result<std::vector<config_tier_text>> finish(std::vector<config_tier_text> tiers) {
        skip_space();
        if (at_ != json_.size()) return fail("cost.tiers", "has text after the list");
        return tiers;
    }

    // The first error wins: the places that fail return up through every caller.
    bool fail_bool(const std::string& place, const std::string& what) {
        if (error_.empty()) error_ = place + ": " + what;
        return false;
    }
    std::optional<config_tier_text> fail_none(const std::string& place, const std::string& what) {
        fail_bool(place, what);
        return std::nullopt;
    }
    result<std::vector<config_tier_text>> fail(const std::string& place, const std::string& what) {
        fail_bool(place, what);
        return failure();
    }
    result<std::vector<config_tier_text>> failure() const {
        return result<std::vector<config_tier_text>>::failure(error_);
    }

    std::string_view json_;
    std::size_t at_ = 0;
    std::string error_;
};

}  // namespace

result<std::vector<config_tier_text>> read_config_tiers(std::string_view json) {
    return tier_list_reader(json).read();
}

}  // namespace chatcost::cost
