#pragma once
// Prices and exact costs are both counted in 1e-12 units (of a USD per 1M tokens, of a
// micro-dollar): DESIGN §2 rule 5 allows twelve fractional digits and no more, so an integer
// count of these units holds every valid value exactly.

#include <cstdint>
#include <string>

namespace chatcost::cost {

// 128 bits because a token count times a price (each below 2^63) needs up to 126 bits.
// `__extension__` keeps -Wpedantic quiet about the GCC/Clang built-in type.
__extension__ typedef unsigned __int128 exact_units;

inline constexpr int fraction_digits = 12;
inline constexpr std::uint64_t units_per_whole = 1'000'000'000'000;

// The exact decimal text of `units` x 1e-12, without trailing zeros: "3.75", "0.000001", "0".
std::string to_decimal_text(exact_units units);

}  // namespace chatcost::cost
