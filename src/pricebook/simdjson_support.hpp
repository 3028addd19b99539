#pragma once
// What both JSON readers need beyond simdjson's On-Demand API.
//
// On-Demand validates only what a reader visits: a value it skips is not checked, and text
// after the root value is not looked at. Both readers therefore visit everything (skim() the
// values they do not need) and call trailing_text() at the end, so a document they accept is
// well-formed JSON. Numbers are checked against JSON's grammar here, from their raw text:
// simdjson would parse them as doubles and reject valid ones beyond 64 bits.

#include <optional>
#include <string>
#include <string_view>

#include <simdjson.h>

namespace chatcost::pricebook {

// Why a value is malformed, and where when known (null: wherever the iterator is).
struct json_fault {
    simdjson::error_code error = simdjson::SUCCESS;
    const char* at = nullptr;
};

// Reads `value` to its end, validating strings, atoms and numbers at every depth.
std::optional<json_fault> skim(simdjson::ondemand::value value);

// Validates an atom that has only been typed: "tru" is typed a boolean until it is read.
simdjson::error_code validate_atom(simdjson::ondemand::value& value, simdjson::ondemand::json_type type);

// Where text other than whitespace follows the root value, or nullptr. Call once the root has
// been read to its end.
const char* trailing_text(simdjson::ondemand::document& doc);

// Text that cannot be JSON at all: its first character (after whitespace and a UTF-8 byte
// order mark) begins no JSON value (an HTML error page, CSV, YAML). Where it is and why; nullopt
// when it could be JSON, or is empty (which simdjson reports on its own).
struct not_json {
    std::size_t offset = 0;
    std::string why;
};
std::optional<not_json> not_json_start(std::string_view text);

// What to say about a fault: simdjson's message, with a plainer one for the common cases.
std::string describe(simdjson::error_code error);

// "an object", "a string", ... for messages.
const char* type_name(simdjson::ondemand::json_type type);

constexpr bool is_json_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace chatcost::pricebook
