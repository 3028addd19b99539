#include "ledger/like_pattern.hpp"

namespace chatcost::db {

std::string contains_pattern(std::string_view text) {
    std::string pattern = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    pattern += '%';
    return pattern;
}

}  // namespace chatcost::db
