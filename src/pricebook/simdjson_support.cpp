#include "pricebook/simdjson_support.hpp"

#include <fmt/format.h>

#include "cost/json_number.hpp"

namespace chatcost::pricebook {

namespace od = simdjson::ondemand;

std::optional<json_fault> skim(od::value value) {
    od::json_type type{};
    if (auto error = value.type().get(type)) return json_fault{error};
    switch (type) {
        case od::json_type::array: {
            od::array array;
            if (auto error = value.get_array().get(array)) return json_fault{error};
            for (auto element : array) {
                od::value item;
                if (auto error = std::move(element).get(item)) return json_fault{error};
                if (auto fault = skim(item)) return fault;
            }
            return std::nullopt;
        }
        case od::json_type::object: {
            od::object object;
            if (auto error = value.get_object().get(object)) return json_fault{error};
            for (auto member : object) {
                od::field field;
                if (auto error = std::move(member).get(field)) return json_fault{error};
                std::string_view key;
                if (auto error = field.unescaped_key().get(key)) return json_fault{error};
                if (auto fault = skim(field.value())) return fault;
            }
            return std::nullopt;
        }
        case od::json_type::string: {
            std::string_view text;
            if (auto error = value.get_string().get(text)) return json_fault{error};
            return std::nullopt;
        }
        case od::json_type::number: {
            auto token = value.raw_json_token();
            if (!cost::scan_json_number(cost::trim_token(token)))
                return json_fault{simdjson::NUMBER_ERROR, token.data()};
            return std::nullopt;
        }
        case od::json_type::boolean:
        case od::json_type::null:
            if (auto error = validate_atom(value, type)) return json_fault{error};
            return std::nullopt;
    }
    return std::nullopt;
}

simdjson::error_code validate_atom(od::value& value, od::json_type type) {
    // On-Demand says INCORRECT_TYPE for "tru" or "nul"; the atom errors say what is wrong.
    if (type == od::json_type::boolean) {
        bool flag = false;
        return value.get_bool().get(flag) ? simdjson::T_ATOM_ERROR : simdjson::SUCCESS;
    }
    if (type == od::json_type::null) {
        bool null = false;
        return value.is_null().get(null) || !null ? simdjson::N_ATOM_ERROR : simdjson::SUCCESS;
    }
    return simdjson::SUCCESS;
}

const char* trailing_text(od::document& doc) {
    const char* at = nullptr;
    // Past the root value, current_location() fails with OUT_OF_BOUNDS unless something follows.
    if (doc.current_location().get(at)) return nullptr;
    return at;
}

std::string describe(simdjson::error_code error) {
    switch (error) {
        case simdjson::TAPE_ERROR:
            return "missing or superfluous comma, colon, bracket or brace";
        case simdjson::INCOMPLETE_ARRAY_OR_OBJECT:
            return "unbalanced brackets or braces, or text after the end of the document";
        case simdjson::NUMBER_ERROR:
            return "not a JSON number";
        case simdjson::T_ATOM_ERROR:
        case simdjson::F_ATOM_ERROR:
        case simdjson::N_ATOM_ERROR:
            return "not true, false or null";
        case simdjson::STRING_ERROR:
            return "bad escape in a string";
        case simdjson::UNCLOSED_STRING:
            return "a string is not closed";
        case simdjson::UNESCAPED_CHARS:
            return "a control character in a string must be escaped";
        case simdjson::UTF8_ERROR:
            return "the text is not valid UTF-8";
        case simdjson::EMPTY:
            return "no JSON found (the file is empty)";
        case simdjson::DEPTH_ERROR:
            return "nested too deeply";
        default:
            return simdjson::error_message(error);
    }
}

std::optional<not_json> not_json_start(std::string_view text) {
    std::size_t at = text.starts_with("\xEF\xBB\xBF") ? 3 : 0;
    while (at < text.size() && is_json_space(text[at])) ++at;
    if (at == text.size()) return std::nullopt;
    const char first = text[at];
    if (std::string_view("{[\"-0123456789tfn").find(first) != std::string_view::npos) return std::nullopt;
    const auto byte = static_cast<unsigned char>(first);
    auto shown =
        byte >= 0x21 && byte < 0x7F ? fmt::format("'{}'", first) : fmt::format("byte 0x{:02X}", byte);
    return not_json{at, fmt::format("the text begins with {}, which begins no JSON value{}", shown,
                                    first == '<' ? " (an HTML or XML page?)" : "")};
}

const char* type_name(od::json_type type) {
    switch (type) {
        case od::json_type::array:
            return "an array";
        case od::json_type::object:
            return "an object";
        case od::json_type::number:
            return "a number";
        case od::json_type::string:
            return "a string";
        case od::json_type::boolean:
            return "a boolean";
        case od::json_type::null:
            return "null";
    }
    return "an unknown value";
}

}  // namespace chatcost::pricebook
