#include "util/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
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

void write_text_file_atomically(const std::string& path, std::string_view text) {
    namespace fs = std::filesystem;
    const fs::path target(path);
    const fs::path temporary =
        target.parent_path() / fmt::format(".{}.{}.tmp", target.filename().string(), getpid());
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        if (!file) {
            throw failure(exit_code::internal,
                          fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno)));
        }
        file.write(text.data(), static_cast<std::streamsize>(text.size()));
        file.flush();
        if (!file) {
            std::error_code ignored;
            fs::remove(temporary, ignored);
            throw failure(exit_code::internal,
                          fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno)));
        }
    }
    std::error_code error;
    fs::rename(temporary, target, error);
    if (error) {
        std::error_code ignored;
        fs::remove(temporary, ignored);
        throw failure(exit_code::internal, fmt::format("cannot write {}: {}", path, error.message()));
    }
}

}  // namespace chatcost
