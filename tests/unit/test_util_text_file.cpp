#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/resource.h>
#include <sys/stat.h>

#include "util/failure.hpp"
#include "util/text_file.hpp"

namespace fs = std::filesystem;
using chatcost::write_text_file_atomically;

namespace {

struct temp_dir {
    temp_dir() {
        std::string pattern = (fs::temp_directory_path() / "chatcost-text-file-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        path = pattern;
    }
    ~temp_dir() {
        std::error_code ignored;
        fs::remove_all(path, ignored);
    }
    fs::path path;
};

std::string content_of(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

std::size_t entries_in(const fs::path& dir) {
    return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

std::string failure_text(const std::string& path, const std::string& text) {
    try {
        write_text_file_atomically(path, text);
    } catch (const chatcost::failure& error) {
        CHECK(error.code() == chatcost::exit_code::internal);
        return error.what();
    }
    return "no failure";
}

// While it lives, a write past `bytes` fails with EFBIG instead of raising SIGXFSZ: a disk
// that fills up half-way, without a disk.
struct file_size_limit {
    explicit file_size_limit(rlim_t bytes) {
        ::getrlimit(RLIMIT_FSIZE, &previous);
        previous_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = previous;
        lowered.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~file_size_limit() {
        ::setrlimit(RLIMIT_FSIZE, &previous);
        std::signal(SIGXFSZ, previous_handler);
    }
    rlimit previous{};
    void (*previous_handler)(int) = nullptr;
};

}  // namespace

TEST_CASE("write_text_file_atomically: replaces the file whole, keeps its mode, leaves nothing else") {
    temp_dir dir;
    const auto path = dir.path / "book.json";
    write_text_file_atomically(path.string(), "first\n");
    CHECK(content_of(path) == "first\n");
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    write_text_file_atomically(path.string(), "second\n");
    CHECK(content_of(path) == "second\n");
    CHECK(fs::status(path).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(entries_in(dir.path) == 1);
}

TEST_CASE("write_text_file_atomically: a write that fails half-way leaves the old file as it was") {
    temp_dir dir;
    const auto path = dir.path / "book.json";
    write_text_file_atomically(path.string(), "the old book\n");
    std::string message;
    {
        file_size_limit limit(1000);
        message = failure_text(path.string(), std::string(5000, 'x'));
    }
    CHECK(message == "cannot write " + path.string() + ": File too large");
    CHECK(content_of(path) == "the old book\n");
    CHECK(entries_in(dir.path) == 1);  // no temporary file left behind
}

TEST_CASE("write_text_file_atomically: through a symbolic link, the file is replaced and the link kept") {
    temp_dir dir;
    const auto target = dir.path / "book.json";
    const auto link = dir.path / "current.json";
    write_text_file_atomically(target.string(), "old\n");
    fs::create_symlink(target, link);
    write_text_file_atomically(link.string(), "new\n");
    CHECK(fs::is_symlink(link));
    CHECK(content_of(target) == "new\n");
}

TEST_CASE("write_text_file_atomically: a missing directory is named") {
    temp_dir dir;
    const auto path = (dir.path / "no-such-dir" / "book.json").string();
    CHECK(failure_text(path, "x") == "cannot write " + path + ": No such file or directory");
}

TEST_CASE("write_text_file_atomically: a device is written in place, never replaced") {
    CHECK(failure_text("/dev/full", "x") == "cannot write /dev/full: No space left on device");
    CHECK(fs::is_character_file("/dev/full"));
    for (const auto& entry : fs::directory_iterator("/dev"))
        CHECK(entry.path().filename().string().rfind("full.tmp-", 0) == std::string::npos);
}
