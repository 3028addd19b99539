#pragma once
// What the terminal on the other end wants: colour, its width, its character set.

#include <cstddef>
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

// The columns tables may fill: COLUMNS when it is a positive whole number, else the width of
// the terminal fd is (TIOCGWINSZ), else nullopt: no limit (a pipe or a file).
std::optional<std::size_t> terminal_width(int fd,
                                          const environment_lookup& environment = process_environment);

// Whether the locale's character set is UTF-8 (the first set of LC_ALL, LC_CTYPE, LANG names
// it): tables may then draw "…" and block bars; under C or POSIX they keep to ASCII.
bool utf8_locale(const environment_lookup& environment = process_environment);

// The flags that shape a table (global options).
struct table_flags {
    bool no_color = false;
    bool ids = false;       // --ids: show id columns
    bool compact = false;   // --compact: the narrow layout whatever the width
    bool no_chart = false;  // --no-chart
};

}  // namespace chatcost::output
