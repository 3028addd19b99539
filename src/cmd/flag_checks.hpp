#pragma once
// Checks of the values typed on the command line, shared by every command so that a value
// that is not acceptable is always a usage error (exit 2) said the same way:
//
//   --limit: '99999999999999999999' is not a whole number (0 or more): it is beyond 9223372036854775807
//   --max-rate: '0' is not a number above 0: it is 0 or less
//
// (CLI11 prefixes the flag.) CLI11's own Range and PositiveNumber print the bounds of a double
// (a 309-digit number) and let "nan" through, hence these.

#include <cstdint>
#include <limits>
#include <string>

#include <CLI/CLI.hpp>

namespace chatcost::commands {

inline constexpr std::int64_t largest_whole_number = std::numeric_limits<std::int64_t>::max();

// A whole number (optional '-', digits) from `least` to `most`.
CLI::Validator whole_number(std::int64_t least, std::int64_t most = largest_whole_number);

// A finite decimal number above 0 (1, 0.5, 2e3); not nan or inf.
CLI::Validator positive_number();

// For ->transform(), not ->check() (which would not keep the rewritten value). A time as --since takes it
// (util/time_range.hpp): YYYY-MM-DD, midnight UTC, or RFC 3339 with an offset. The value is rewritten to its
// UTC text ("2026-03-01T00:00:00Z"), which PostgreSQL reads as the same instant whatever the session's
// TimeZone.
CLI::Validator instant_value();

// PROVIDER/MODEL: the provider is what comes before the first '/', the model the rest (model
// ids may themselves hold '/'); both non-empty.
struct model_key {
    std::string provider;
    std::string model;
};
CLI::Validator model_key_value();
model_key split_model_key(const std::string& text);  // after model_key_value has checked it

// Text that is valid UTF-8 and, unless `may_be_empty`, not empty. `what` says what to give
// instead ("a username or a user id").
CLI::Validator text_value(const std::string& what, bool may_be_empty);

// The value as it may be shown in a message: ill-formed UTF-8 bytes as \xFF.
std::string shown_value(const std::string& text);

}  // namespace chatcost::commands
