#include <doctest/doctest.h>

#include "db/secret_scrubber.hpp"

using chatcost::db::secret_scrubber;

TEST_CASE("every known secret is replaced, longest first") {
    secret_scrubber s;
    s.add("hunter2");
    s.add("hunter2-extended");
    CHECK(s.scrub("a hunter2-extended b hunter2 c") == "a **** b **** c");
    CHECK(s.scrub("nothing here") == "nothing here");
}

TEST_CASE("very short secrets are not scrubbed from free text") {
    secret_scrubber s;
    s.add("ab");
    CHECK(s.scrub("abc") == "abc");
}

TEST_CASE("a secret that contains the mask does not loop") {
    secret_scrubber s;
    s.add("x****x");
    CHECK(s.scrub("x****xx****x") == "********");
}
