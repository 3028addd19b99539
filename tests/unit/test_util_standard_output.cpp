#include <doctest/doctest.h>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <iostream>
#include <string>
#include <unistd.h>

#include "util/failure.hpp"
#include "util/standard_output.hpp"

using chatcost::checked_fd_buffer;

namespace {

std::string read_all(int fd) {
    std::string text;
    char chunk[4096];
    ssize_t n;
    ::lseek(fd, 0, SEEK_SET);
    while ((n = ::read(fd, chunk, sizeof chunk)) > 0) text.append(chunk, static_cast<std::size_t>(n));
    return text;
}

// std::cout writes through `buffer` while this lives.
struct cout_redirect {
    explicit cout_redirect(std::streambuf* buffer) : previous(std::cout.rdbuf(buffer)) {}
    ~cout_redirect() {
        std::cout.rdbuf(previous);
        std::cout.clear();
    }
    std::streambuf* previous;
};

}  // namespace

TEST_CASE("checked_fd_buffer: every byte arrives, in order, small writes and big ones") {
    char name[] = "/tmp/chatcost-stdout-XXXXXX";
    int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    ::unlink(name);
    std::string big(200'000, 'x');  // past the buffer: written straight through
    {
        checked_fd_buffer buffer(fd);
        std::ostream out(&buffer);
        out << "head\n" << big << 'y' << 42;
        out.flush();
        CHECK(out.good());
        CHECK(buffer.error() == 0);
    }
    CHECK(read_all(fd) == "head\n" + big + "y42");
    ::close(fd);
}

TEST_CASE("checked_fd_buffer: a full device is an error that sticks, with its errno") {
    int fd = ::open("/dev/full", O_WRONLY);
    REQUIRE(fd >= 0);
    checked_fd_buffer buffer(fd);
    std::ostream out(&buffer);
    out << std::string(100'000, 'x');  // more than the buffer: the first write fails
    CHECK(buffer.error() == ENOSPC);
    CHECK(out.bad());
    CHECK_FALSE(buffer.flush_buffer());
    ::close(fd);
}

TEST_CASE("flush_standard_output: a failed write to stdout is a failure naming the reason") {
    int fd = ::open("/dev/full", O_WRONLY);
    REQUIRE(fd >= 0);
    checked_fd_buffer buffer(fd);
    cout_redirect redirect(&buffer);
    std::cout << "a small report\n";  // buffered: the failure shows at the flush
    try {
        chatcost::flush_standard_output();
        FAIL("no failure");
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::internal);
        CHECK(std::string(error.what()) == "cannot write standard output: No space left on device");
    }
    ::close(fd);
}

TEST_CASE("flush_standard_output: a reader that went away is not an error") {
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    ::close(pipe_ends[0]);
    auto previous = std::signal(SIGPIPE, SIG_IGN);  // as when a parent ignores it: EPIPE comes back
    {
        checked_fd_buffer buffer(pipe_ends[1]);
        cout_redirect redirect(&buffer);
        std::cout << "rows nobody reads\n";
        CHECK_NOTHROW(chatcost::flush_standard_output());
        CHECK(buffer.error() == EPIPE);
    }
    std::signal(SIGPIPE, previous);
    ::close(pipe_ends[1]);
}
