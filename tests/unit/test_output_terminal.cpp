#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>
#include <cstdlib>
#include <map>

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
