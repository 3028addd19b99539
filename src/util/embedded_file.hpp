#pragma once
// A file compiled into the binary by tools/embed_files.py (SQL, the price book).

#include <span>
#include <string_view>

namespace chatcost {

struct embedded_file {
    std::string_view path;  // relative to its root folder, '/'-separated
    std::string_view text;
};

}  // namespace chatcost
