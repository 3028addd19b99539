#pragma once
// Last line of defence for secrets: every message chatcost prints about a
// database passes through scrub(), which replaces each known password with ****.
// The first line is not to put them in messages at all (see mask_password).

#include <string>
#include <string_view>
#include <vector>

namespace chatcost::db {

class secret_scrubber {
public:
    // Secrets shorter than 3 bytes are not scrubbed from free text (they would
    // garble every message); they are still masked wherever a connection string is shown.
    void add(std::string secret);
    std::string scrub(std::string_view text) const;

private:
    std::vector<std::string> secrets_;
};

}  // namespace chatcost::db
