#include "output/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
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

std::optional<std::size_t> terminal_width(int fd, const environment_lookup& environment) {
    if (auto columns = environment("COLUMNS")) {
        // A width people set by hand: digits only, and no wider than any screen.
        bool digits = !columns->empty() && columns->size() <= 5 &&
                      std::all_of(columns->begin(), columns->end(),
                                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
        if (digits && std::stoul(*columns) > 0) return std::stoul(*columns);
    }
    winsize size{};
    if (isatty(fd) == 1 && ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return std::nullopt;
}

bool utf8_locale(const environment_lookup& environment) {
    for (const char* name : {"LC_ALL", "LC_CTYPE", "LANG"}) {
        auto setting = environment(name);
        if (!setting || setting->empty()) continue;
        std::string lower;
        for (char c : *setting)
            lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        return lower.find("utf-8") != std::string::npos || lower.find("utf8") != std::string::npos;
    }
    return false;
}

}  // namespace chatcost::output
