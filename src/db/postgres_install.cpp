#include "db/postgres_install.hpp"

#include <fmt/format.h>
#include <string>
#include <unistd.h>
#include <vector>

#include "util/failure.hpp"

namespace chatcost::db {

namespace fs = std::filesystem;

namespace {

bool has_server_programs(const fs::path& dir) {
    return access((dir / "initdb").c_str(), X_OK) == 0 && access((dir / "pg_ctl").c_str(), X_OK) == 0;
}

std::vector<fs::path> debian_bindirs_newest_first() {
    std::vector<std::pair<int, fs::path>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
        const auto name = entry.path().filename().string();
        if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
        found.emplace_back(std::stoi(name), entry.path() / "bin");
    }
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<fs::path> dirs;
    for (auto& [version, dir] : found) dirs.push_back(dir);
    return dirs;
}

std::vector<fs::path> path_dirs(const env_lookup& env) {
    std::vector<fs::path> dirs;
    auto path = env("PATH").value_or("/usr/local/bin:/usr/bin:/bin");
    size_t start = 0;
    while (start <= path.size()) {
        auto end = path.find(':', start);
        if (end == std::string::npos) end = path.size();
        if (end > start) dirs.emplace_back(path.substr(start, end - start));
        start = end + 1;
    }
    return dirs;
}

}  // namespace

fs::path find_postgres_bindir(const env_lookup& env) {
    if (auto dir = env("CHATCOST_PG_BINDIR"); dir && !dir->empty()) {
        if (has_server_programs(*dir)) return *dir;
        throw failure(exit_code::internal,
                      fmt::format("CHATCOST_PG_BINDIR={} has no initdb and pg_ctl", *dir),
                      "point it at the bin directory of a PostgreSQL server installation");
    }
    for (const auto& dir : debian_bindirs_newest_first()) {
        if (has_server_programs(dir)) return dir;
    }
    for (const auto& dir : path_dirs(env)) {
        if (has_server_programs(dir)) return dir;
    }
    throw failure(exit_code::internal,
                  "cannot start the embedded database: PostgreSQL server programs (initdb, pg_ctl) not found",
                  "install them (sudo apt-get install postgresql), set CHATCOST_PG_BINDIR, "
                  "or use your own server with --database URL");
}

}  // namespace chatcost::db
