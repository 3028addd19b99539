#include "output/terminal.hpp"

#include <unistd.h>
#include <cstdlib>

namespace chatcost::output {

std::optional<std::string> process_environment(const char* name) {
    const char* found = std::getenv(name);
    if (!found) return std::nullopt;
    return std::string(found);
}

bool should_use_color(int fd, bool no_color_flag, const environment_lookup& environment) {
    if (no_color_flag) return false;
    if (auto no_color = environment("NO_COLOR"); no_color && !no_color->empty()) return false;
    if (environment("TERM") == "dumb") return false;
    return isatty(fd) == 1;
}

}  // namespace chatcost::output
