#include <doctest/doctest.h>

#include <filesystem>
#include <set>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"

namespace fs = std::filesystem;

TEST_CASE("every .sql file under sql/ is embedded, and nothing else") {
    const fs::path root = fs::path(CHATCOST_SOURCE_ROOT) / "sql";
    std::set<std::string> on_disk;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
        if (entry.path().extension() == ".sql")
            on_disk.insert(fs::relative(entry.path(), root).generic_string());
    }
    std::set<std::string> embedded;
    for (const auto& file : chatcost::db::embedded_sql()) embedded.insert(std::string(file.path));
    CHECK(on_disk == embedded);
}

TEST_CASE("query() finds a statement by name and refuses unknown names") {
    CHECK(chatcost::db::query("server_info").find("server_version") != std::string_view::npos);
    CHECK_THROWS_AS(chatcost::db::query("no_such_query"), chatcost::failure);
}
