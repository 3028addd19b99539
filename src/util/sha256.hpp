#pragma once
// SHA-256 (FIPS 180-4), for content checksums such as those of applied migrations.
// Small and dependency-free; not meant for secrets (no constant-time guarantees needed).

#include <string>
#include <string_view>

namespace chatcost {

// The digest of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

}  // namespace chatcost
