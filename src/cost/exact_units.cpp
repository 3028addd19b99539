#include "cost/exact_units.hpp"

#include <array>

namespace chatcost::cost {

std::string to_decimal_text(exact_units units) {
    // 2^128 has 39 digits; the point and the fraction add 13 more.
    std::array<char, 56> buffer{};
    auto end = buffer.end();
    auto begin = end;
    auto whole = units / units_per_whole;
    auto fraction = static_cast<std::uint64_t>(units % units_per_whole);

    if (fraction != 0) {
        int digits = fraction_digits;
        while (fraction % 10 == 0) {  // trailing zeros say nothing about an exact value
            fraction /= 10;
            --digits;
        }
        for (; digits > 0; --digits) {
            *--begin = static_cast<char>('0' + fraction % 10);
            fraction /= 10;
        }
        *--begin = '.';
    }
    do {
        *--begin = static_cast<char>('0' + static_cast<int>(whole % 10));
        whole /= 10;
    } while (whole != 0);
    return std::string(begin, end);
}

}  // namespace chatcost::cost
