#pragma once
// Whether the terminal on the other end wants colour.

#include <functional>
#include <optional>
#include <string>

namespace chatcost::output {

// Looks up one environment variable; nullopt when it is not set.
using environment_lookup = std::function<std::optional<std::string>(const char* name)>;

// The process environment (getenv).
std::optional<std::string> process_environment(const char* name);

// False when --no-color was given, when NO_COLOR is set and not empty (https://no-color.org),
// when TERM is "dumb", or when fd is not a terminal; true otherwise.
bool should_use_color(int fd, bool no_color_flag,
                      const environment_lookup& environment = process_environment);

}  // namespace chatcost::output
