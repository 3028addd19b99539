#include "db/secret_scrubber.hpp"

#include <algorithm>

namespace chatcost::db {

void secret_scrubber::add(std::string secret) {
    if (secret.size() < 3 || std::find(secrets_.begin(), secrets_.end(), secret) != secrets_.end()) return;
    secrets_.push_back(std::move(secret));
    // Longest first, so that a secret containing another is replaced whole.
    std::sort(secrets_.begin(), secrets_.end(),
              [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

std::string secret_scrubber::scrub(std::string_view text) const {
    std::string out(text);
    for (const auto& secret : secrets_) {
        for (auto at = out.find(secret); at != std::string::npos; at = out.find(secret, at + 4)) {
            out.replace(at, secret.size(), "****");
        }
    }
    return out;
}

}  // namespace chatcost::db
