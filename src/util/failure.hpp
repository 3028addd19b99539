#pragma once
// The one exception type for ordinary failures: it carries the exit code and a
// next step, and is printed once, by the catch site in main.cpp.

#include <stdexcept>
#include <string>

#include "util/exit_code.hpp"

namespace chatcost {

class failure : public std::runtime_error {
public:
    failure(exit_code code, const std::string& message, std::string next_step = {})
        : std::runtime_error(message), code_(code), next_step_(std::move(next_step)) {}

    exit_code code() const noexcept { return code_; }
    // What the user can do about it ("run 'chatcost migrate up' first"); may be empty.
    const std::string& next_step() const noexcept { return next_step_; }

private:
    exit_code code_;
    std::string next_step_;
};

}  // namespace chatcost
