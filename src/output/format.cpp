#include "output/format.hpp"

#include <fmt/format.h>

#include "util/failure.hpp"

namespace chatcost::output {

format parse_format(std::string_view name) {
    if (name == "table") return format::table;
    if (name == "json") return format::json;
    if (name == "csv") return format::csv;
    throw failure(exit_code::usage, fmt::format("unknown format '{}'", name), "use one of: table, json, csv");
}

std::string_view to_string(format which) {
    switch (which) {
        case format::table:
            return "table";
        case format::json:
            return "json";
        case format::csv:
            return "csv";
    }
    return "table";
}

}  // namespace chatcost::output
