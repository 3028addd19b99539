#include "util/standard_output.hpp"

#include <cerrno>
#include <cstring>
#include <iostream>
#include <unistd.h>

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost {

namespace {

// Large enough that a report is a few write(2) calls, small enough to stream a big one.
constexpr std::size_t buffer_capacity = 64 * 1024;

}  // namespace

checked_fd_buffer::checked_fd_buffer(int fd) : fd_(fd) {
    buffer_.reserve(buffer_capacity);
}

checked_fd_buffer::~checked_fd_buffer() = default;

bool checked_fd_buffer::write_all(const char* text, std::size_t count) {
    if (error_ != 0) return false;
    while (count > 0) {
        auto written = ::write(fd_, text, count);
        if (written < 0) {
            if (errno == EINTR) continue;
            error_ = errno;
            return false;
        }
        if (written == 0) {  // not a documented outcome for a regular write; never loop on it
            error_ = EIO;
            return false;
        }
        text += written;
        count -= static_cast<std::size_t>(written);
    }
    return true;
}

bool checked_fd_buffer::flush_buffer() {
    bool ok = write_all(buffer_.data(), buffer_.size());
    buffer_.clear();
    return ok;
}

checked_fd_buffer::int_type checked_fd_buffer::overflow(int_type c) {
    if (traits_type::eq_int_type(c, traits_type::eof())) return flush_buffer() ? 0 : traits_type::eof();
    char ch = traits_type::to_char_type(c);
    return xsputn(&ch, 1) == 1 ? c : traits_type::eof();
}

std::streamsize checked_fd_buffer::xsputn(const char* text, std::streamsize count) {
    if (error_ != 0 || count <= 0) return error_ != 0 ? 0 : count;
    auto size = static_cast<std::size_t>(count);
    if (buffer_.size() + size > buffer_capacity) {
        if (!flush_buffer()) return 0;
        if (size >= buffer_capacity) return write_all(text, size) ? count : 0;
    }
    buffer_.append(text, size);
    return count;
}

int checked_fd_buffer::sync() {
    return flush_buffer() ? 0 : -1;
}

void throw_standard_output_error(int error) {
    throw failure(exit_code::internal, fmt::format("cannot write standard output: {}", std::strerror(error)));
}

standard_output::standard_output() : buffer_(STDOUT_FILENO), previous_(std::cout.rdbuf(&buffer_)) {}

standard_output::~standard_output() {
    if (!finished_) buffer_.flush_buffer();  // an error is being reported already
    std::cout.rdbuf(previous_);
}

void standard_output::finish() {
    if (finished_) return;
    finished_ = true;
    std::cout.flush();
    buffer_.flush_buffer();
    int error = buffer_.error();
    // close() reports what a network file system could only tell at the end.
    if (::close(STDOUT_FILENO) != 0 && error == 0 && errno != EINTR) error = errno;
    if (error != 0 && error != EPIPE) throw_standard_output_error(error);
}

void flush_standard_output() {
    std::cout.flush();
    auto* buffer = dynamic_cast<checked_fd_buffer*>(std::cout.rdbuf());
    int error = buffer ? buffer->error() : (std::cout ? 0 : EIO);
    if (error != 0 && error != EPIPE) throw_standard_output_error(error);
}

}  // namespace chatcost
