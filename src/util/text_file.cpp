#include "util/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost {

std::string read_text_input(const std::string& path) {
    if (path == "-") {
        std::ostringstream content;
        content << std::cin.rdbuf();
        if (std::cin.bad()) throw failure(exit_code::usage, "cannot read standard input");
        return content.str();
    }
    std::error_code error;
    if (std::filesystem::is_directory(path, error)) {
        throw failure(exit_code::usage, fmt::format("cannot read {}: it is a directory", path));
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw failure(exit_code::usage, fmt::format("cannot read {}: {}", path, std::strerror(errno)),
                      "check the file name");
    }
    std::string content{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad())
        throw failure(exit_code::usage, fmt::format("cannot read {}: {}", path, std::strerror(errno)));
    return content;
}

namespace {

failure cannot_write(const std::string& path, int error) {
    return failure(exit_code::internal, fmt::format("cannot write {}: {}", path, std::strerror(error)));
}

// Every byte, or the errno of the write that failed.
int write_all(int fd, std::string_view text) {
    while (!text.empty()) {
        auto written = ::write(fd, text.data(), text.size());
        if (written < 0 && errno == EINTR) continue;
        if (written <= 0) return written < 0 ? errno : EIO;
        text.remove_prefix(static_cast<std::size_t>(written));
    }
    return 0;
}

// A device or a pipe named by -o (/dev/stdout, /dev/full) is written in place: a temporary
// file renamed over it would replace the device node itself.
void write_in_place(const std::string& path, std::string_view text) {
    int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) throw cannot_write(path, errno);
    int error = write_all(fd, text);
    if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
    if (error != 0) throw cannot_write(path, error);
}

// What the new file's mode is: the old file's, else what open(2) would give (0666 less umask).
mode_t mode_for_new_file(const struct stat* existing) {
    if (existing) return existing->st_mode & 07777;
    mode_t mask = ::umask(0);
    ::umask(mask);
    return 0666 & ~mask;
}

}  // namespace

void write_text_file_atomically(const std::string& path, std::string_view text) {
    struct stat existing {};
    const bool exists = ::stat(path.c_str(), &existing) == 0;
    if (exists && !S_ISREG(existing.st_mode)) return write_in_place(path, text);
    // Through a symbolic link, the file it names is replaced and the link kept.
    std::error_code ignored;
    const std::string target = exists ? std::filesystem::canonical(path, ignored).string() : path;
    const std::string& final_path = target.empty() ? path : target;

    std::string temporary = final_path + ".tmp-XXXXXX";
    int fd = ::mkstemp(temporary.data());
    if (fd < 0) throw cannot_write(path, errno);
    int error = 0;
    if (::fchmod(fd, mode_for_new_file(exists ? &existing : nullptr)) != 0) error = errno;
    if (error == 0) error = write_all(fd, text);
    // fsync before the rename: after a crash the name holds the old file or the whole new one.
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    if (::close(fd) != 0 && error == 0 && errno != EINTR) error = errno;
    if (error == 0 && ::rename(temporary.c_str(), final_path.c_str()) != 0) error = errno;
    if (error != 0) {
        ::unlink(temporary.c_str());
        throw cannot_write(path, error);
    }
}

}  // namespace chatcost
