#pragma once
// Standard output, the one place that writes it. While a standard_output lives, std::cout
// writes straight to file descriptor 1 through a buffer that keeps the first write error, so a
// full disk or a broken device is never taken for success: finish() flushes, closes and
// throws failure(internal): "cannot write standard output: No space left on device".
//
// A reader that went away (`chatcost rollup | head`) is not an error. SIGPIPE keeps its
// default action and ends the process quietly, as it always did; where it is ignored, the
// EPIPE that results is ignored too.

#include <streambuf>
#include <string>

namespace chatcost {

// A stream buffer over a file descriptor that remembers the errno of the first failed write;
// every later write fails at once, so the stream's badbit is set and nothing more is tried.
class checked_fd_buffer : public std::streambuf {
public:
    explicit checked_fd_buffer(int fd);
    ~checked_fd_buffer() override;
    checked_fd_buffer(const checked_fd_buffer&) = delete;
    checked_fd_buffer& operator=(const checked_fd_buffer&) = delete;

    // 0 while every write succeeded, else the errno of the first that failed.
    int error() const noexcept { return error_; }
    // Writes what is buffered; false (and error() set) when that failed.
    bool flush_buffer();

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize count) override;
    int sync() override;

private:
    bool write_all(const char* text, std::size_t count);

    int fd_;
    int error_ = 0;
    std::string buffer_;
};

class standard_output {
public:
    standard_output();   // std::cout writes through it from now on
    ~standard_output();  // std::cout gets its own buffer back; what is left is flushed, unchecked
    standard_output(const standard_output&) = delete;
    standard_output& operator=(const standard_output&) = delete;

    // The end of the data: flushes, closes file descriptor 1 and throws failure(internal) when
    // any write, the flush or the close failed (EPIPE excepted, see above).
    void finish();

private:
    checked_fd_buffer buffer_;
    std::streambuf* previous_;
    bool finished_ = false;
};

// Flushes std::cout and throws as finish() does when what was written so far did not all
// arrive: for a command that says on stderr that it wrote its data (seed generate).
void flush_standard_output();

// The failure for a write to stdout that failed with errno `error`.
[[noreturn]] void throw_standard_output_error(int error);

}  // namespace chatcost
