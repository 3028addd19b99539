#pragma once
// Last line of defence for secrets: every message chatcost prints passes through scrub(),
// which masks each password a connection string can carry (mask_connection_passwords) and
// replaces each known password with ****. The first line is not to put them in messages at
// all (see mask_password).

#include <string>
#include <string_view>
#include <vector>

namespace chatcost::db {

// `text` with every password a connection string could put in it replaced by ****, whatever
// the text and however malformed the string: libpq quotes a string it rejects verbatim, so
// nothing it says about one can be trusted. Masked: the password of every
// `scheme://user:password@` (any scheme, up to the last @ of the authority, unclosed IPv6
// brackets and broken percent-encodings included) and the value of every `password=`
// (any word ending in "password", so also sslpassword and PGPASSWORD; spaces around the =;
// '...' or "..." quoting; a URL query value ends at &).
std::string mask_connection_passwords(std::string_view text);

// The passwords a connection string holds, as written and as libpq would decode them
// (percent-decoding, quoting): libpq sometimes quotes the value alone ("S3c%00ret").
std::vector<std::string> password_spellings(std::string_view conninfo);

class secret_scrubber {
public:
    // Secrets shorter than 3 bytes are not scrubbed from free text (they would
    // garble every message); they are still masked wherever a connection string is shown.
    void add(std::string secret);
    // mask_connection_passwords, then every known secret replaced.
    std::string scrub(std::string_view text) const;

private:
    std::vector<std::string> secrets_;
};

}  // namespace chatcost::db
