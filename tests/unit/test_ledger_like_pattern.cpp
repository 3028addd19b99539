// --search text becomes an ILIKE pattern in which the user's '%', '_' and '\' are literal.

#include <doctest/doctest.h>

#include "ledger/like_pattern.hpp"

using chatcost::db::contains_pattern;

TEST_CASE("plain text is wrapped in %") {
    CHECK(contains_pattern("alice") == "%alice%");
    CHECK(contains_pattern("") == "%%");
    CHECK(contains_pattern("Zoë Müller") == "%Zoë Müller%");
}

TEST_CASE("the pattern characters of the text match only themselves") {
    CHECK(contains_pattern("%") == "%\\%%");
    CHECK(contains_pattern("_") == "%\\_%");
    CHECK(contains_pattern("\\") == "%\\\\%");
    CHECK(contains_pattern("50%_off\\x") == "%50\\%\\_off\\\\x%");
}

TEST_CASE("quotes and SQL are just text: the pattern is a parameter") {
    CHECK(contains_pattern("o'brien\"; drop table users; --") == "%o'brien\"; drop table users; --%");
}
