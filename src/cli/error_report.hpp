#pragma once
// Throw low, map once: turns any exception that reached main into one message
// on stderr ("chatcost: error: <what>: <why>", then a next step) and an exit code.

#include <exception>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

#include <CLI/App.hpp>

#include "db/secret_scrubber.hpp"
#include "util/exit_code.hpp"

namespace chatcost::cli {

struct error_sink {
    std::ostream& err;
    bool json = false;  // --log-format json: one JSON object instead of text lines
    // Masks secrets in everything printed (see db::secret_scrubber); before the session knows
    // the command's own passwords, every connection string's password (a parse error may quote
    // a mistyped -d).
    std::function<std::string(std::string_view)> scrub = db::mask_connection_passwords;
};

exit_code report_exception(std::exception_ptr error, const error_sink& sink);

// CLI11's parse errors: usage (2); --help and --version print and exit 0.
exit_code report_parse_error(const CLI::App& app, const CLI::ParseError& error, const error_sink& sink);

}  // namespace chatcost::cli
