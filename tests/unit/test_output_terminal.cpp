#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <cstdlib>
#include <map>

#include "output/render.hpp"
#include "output/terminal.hpp"

using namespace chatcost::output;

namespace {

environment_lookup fake_environment(std::map<std::string, std::string> variables) {
    return [variables = std::move(variables)](const char* name) -> std::optional<std::string> {
        auto found = variables.find(name);
        if (found == variables.end()) return std::nullopt;
        return found->second;
    };
}

// A pseudo-terminal, so the tests can see the "yes" answer; -1 when the system has none.
struct pseudo_terminal {
    int master = -1;
    int slave = -1;

    pseudo_terminal() {
        master = posix_openpt(O_RDWR | O_NOCTTY);
        if (master < 0) return;
        const char* name = grantpt(master) == 0 && unlockpt(master) == 0 ? ptsname(master) : nullptr;
        if (name) slave = open(name, O_RDWR | O_NOCTTY);
    }
    ~pseudo_terminal() {
        if (slave >= 0) close(slave);
        if (master >= 0) close(master);
    }
    pseudo_terminal(const pseudo_terminal&) = delete;
    pseudo_terminal& operator=(const pseudo_terminal&) = delete;
};

}  // namespace

TEST_CASE("terminal: a pipe never gets colour") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    CHECK_FALSE(should_use_color(fds[1], false, fake_environment({{"TERM", "xterm-256color"}})));
    close(fds[0]);
    close(fds[1]);
}

TEST_CASE("terminal: a terminal gets colour unless NO_COLOR, --no-color or TERM=dumb") {
    pseudo_terminal tty;
    if (tty.slave < 0) {
        MESSAGE("no pseudo-terminal available; skipped");
        return;
    }
    CHECK(should_use_color(tty.slave, false, fake_environment({{"TERM", "xterm-256color"}})));
    CHECK(should_use_color(tty.slave, false, fake_environment({})));
    CHECK(should_use_color(tty.slave, false, fake_environment({{"NO_COLOR", ""}})));  // empty: ignored
    CHECK_FALSE(should_use_color(tty.slave, false, fake_environment({{"NO_COLOR", "1"}})));
    CHECK_FALSE(should_use_color(tty.slave, true, fake_environment({})));
    CHECK_FALSE(should_use_color(tty.slave, false, fake_environment({{"TERM", "dumb"}})));
}

TEST_CASE("terminal: the default lookup reads the process environment") {
    setenv("CHATCOST_TEST_VARIABLE", "set", 1);
    CHECK(process_environment("CHATCOST_TEST_VARIABLE") == "set");
    unsetenv("CHATCOST_TEST_VARIABLE");
    CHECK_FALSE(process_environment("CHATCOST_TEST_VARIABLE").has_value());
}

TEST_CASE("terminal: the width is COLUMNS, else the terminal's, else no limit") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    CHECK_FALSE(terminal_width(fds[1], fake_environment({})).has_value());
    CHECK(terminal_width(fds[1], fake_environment({{"COLUMNS", "80"}})) == 80u);
    for (const char* ignored : {"", "0", "-5", "80x", "abc", "999999"})
        CHECK_FALSE(terminal_width(fds[1], fake_environment({{"COLUMNS", ignored}})).has_value());
    close(fds[0]);
    close(fds[1]);

    pseudo_terminal tty;
    if (tty.slave < 0) return;
    winsize size{};
    size.ws_col = 132;
    size.ws_row = 40;
    REQUIRE(ioctl(tty.slave, TIOCSWINSZ, &size) == 0);
    CHECK(terminal_width(tty.slave, fake_environment({})) == 132u);
    CHECK(terminal_width(tty.slave, fake_environment({{"COLUMNS", "200"}})) == 200u);  // COLUMNS first
    CHECK(terminal_width(tty.slave, fake_environment({{"COLUMNS", "wide"}})) == 132u);
}

TEST_CASE("terminal: a UTF-8 locale") {
    CHECK_FALSE(utf8_locale(fake_environment({})));
    CHECK(utf8_locale(fake_environment({{"LANG", "en_US.UTF-8"}})));
    CHECK(utf8_locale(fake_environment({{"LANG", "C.utf8"}})));
    CHECK_FALSE(utf8_locale(fake_environment({{"LANG", "C"}})));
    CHECK_FALSE(utf8_locale(fake_environment({{"LANG", "en_US.UTF-8"}, {"LC_ALL", "C"}})));  // LC_ALL wins
    CHECK(utf8_locale(fake_environment({{"LANG", "C"}, {"LC_CTYPE", "de_DE.UTF-8"}})));
    CHECK(utf8_locale(fake_environment({{"LANG", "en_US.UTF-8"}, {"LC_ALL", ""}})));  // empty: unset
}

TEST_CASE("terminal: the table layout for stdout") {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    // A pipe without COLUMNS: no limit, no chart, the full layout; ids only with --ids.
    auto piped = table_options_for(fds[1], {}, fake_environment({{"LANG", "C.UTF-8"}}));
    CHECK_FALSE(piped.width.has_value());
    CHECK_FALSE(piped.compact);
    CHECK_FALSE(piped.charts);
    CHECK_FALSE(piped.show_ids);
    CHECK(table_options_for(fds[1], {.ids = true}, fake_environment({})).show_ids);
    CHECK(table_options_for(fds[1], {.compact = true}, fake_environment({})).compact);
    // COLUMNS lays the table out as for a terminal that wide: compact below 100, charts.
    auto narrow = table_options_for(fds[1], {}, fake_environment({{"COLUMNS", "99"}, {"LANG", "C.UTF-8"}}));
    CHECK(narrow.compact);
    CHECK(narrow.charts);
    CHECK(narrow.unicode);
    CHECK(narrow.block_bars);
    auto wide = table_options_for(fds[1], {}, fake_environment({{"COLUMNS", "100"}}));
    CHECK_FALSE(wide.compact);
    CHECK(wide.charts);
    CHECK_FALSE(wide.unicode);  // no UTF-8 locale: "..." and '#'
    CHECK_FALSE(wide.block_bars);
    CHECK_FALSE(table_options_for(fds[1], {.no_chart = true}, fake_environment({{"COLUMNS", "80"}})).charts);
    // NO_COLOR and --no-color draw bars in '#', but text may still be cut with "…".
    auto no_color = table_options_for(
        fds[1], {}, fake_environment({{"COLUMNS", "80"}, {"LANG", "C.UTF-8"}, {"NO_COLOR", "1"}}));
    CHECK(no_color.unicode);
    CHECK_FALSE(no_color.block_bars);
    CHECK_FALSE(table_options_for(fds[1], {.no_color = true},
                                  fake_environment({{"COLUMNS", "80"}, {"LANG", "C.UTF-8"}}))
                    .block_bars);
    close(fds[0]);
    close(fds[1]);
}
