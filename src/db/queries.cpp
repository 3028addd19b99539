#include <string>

#include <fmt/format.h>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

std::string_view query(std::string_view name) {
    const std::string path = fmt::format("queries/{}.sql", name);
    for (const auto& file : embedded_sql()) {
        if (file.path == path) return file.text;
    }
    throw failure(exit_code::internal, fmt::format("no embedded query named {}", name));
}

}  // namespace chatcost::db
