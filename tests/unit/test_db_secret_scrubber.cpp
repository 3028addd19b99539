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

using chatcost::db::mask_connection_passwords;
using chatcost::db::password_spellings;

TEST_CASE("mask_connection_passwords: the URL password of any scheme, however malformed") {
    // libpq's own messages about strings it rejects: each repeats the string verbatim.
    CHECK(mask_connection_passwords("end of string reached when looking for matching \"]\" in IPv6 host "
                                    "address in URI: \"postgresql://admin:S3cret@[::1\"") ==
          "end of string reached when looking for matching \"]\" in IPv6 host address in URI: "
          "\"postgresql://admin:****@[::1\"");
    CHECK(mask_connection_passwords("unexpected character \"x\" at position 32 in URI (expected \":\" or "
                                    "\"/\"): \"postgresql://admin:S3cret@[::1]x/db\"") ==
          "unexpected character \"x\" at position 32 in URI (expected \":\" or \"/\"): "
          "\"postgresql://admin:****@[::1]x/db\"");
    CHECK(mask_connection_passwords("missing \"=\" after \"mysql://user:pw@host/db\" in connection info "
                                    "string") ==
          "missing \"=\" after \"mysql://user:****@host/db\" in connection info string");
    CHECK(mask_connection_passwords("postgresql://admin:S3%zzcret@host/db") ==
          "postgresql://admin:****@host/db");
    CHECK(mask_connection_passwords("postgres://admin:S3c%00ret@host") == "postgres://admin:****@host");
    CHECK(mask_connection_passwords("redis://:S3cret@cache:6379/0") == "redis://:****@cache:6379/0");
    // A raw @, / or quote in the password: everything up to the authority's last @ is masked.
    CHECK(mask_connection_passwords("postgresql://u:p@ss@host/db") == "postgresql://u:****@host/db");
    CHECK(mask_connection_passwords("postgresql://u:pa/ss@host/db") == "postgresql://u:****@host/db");
    CHECK(mask_connection_passwords("'postgresql://u:a\"b'c@host/db'") == "'postgresql://u:****@host/db'");
    CHECK(mask_connection_passwords("postgresql://u:S3cret@") == "postgresql://u:****@");
    CHECK(mask_connection_passwords("see postgresql://a:one@h1/db and mysql://b:two@h2") ==
          "see postgresql://a:****@h1/db and mysql://b:****@h2");
}

TEST_CASE("mask_connection_passwords leaves URLs without a password alone") {
    for (std::string_view text : {"postgresql://alice@host/db", "postgresql://[::1]:5432/db",
                                  "https://example.com/a@b", "postgresql://host:5432/db?application_name=x",
                                  "postgresql://alice@[::1]:5432/db", "no url: here"}) {
        CHECK(mask_connection_passwords(text) == text);
    }
}

TEST_CASE("mask_connection_passwords: every password= form") {
    CHECK(mask_connection_passwords("host=db password=S3cret dbname=chat") ==
          "host=db password=**** dbname=chat");
    CHECK(mask_connection_passwords("password = 'S3 \\' cret' host=db") == "password = **** host=db");
    CHECK(mask_connection_passwords("host=x password='S3cret") == "host=x password=****");
    CHECK(mask_connection_passwords("password=\"S3 cret\" x") == "password=**** x");
    CHECK(mask_connection_passwords("\tpassword\t=\tS3cret") == "\tpassword\t=\t****");
    CHECK(mask_connection_passwords("sslpassword=S3cret PGPASSWORD=S3cret Password=S3cret") ==
          "sslpassword=**** PGPASSWORD=**** Password=****");
    CHECK(mask_connection_passwords("postgresql://h/db?sslmode=disable&password=S3cret&user=u") ==
          "postgresql://h/db?sslmode=disable&password=****&user=u");
    CHECK(mask_connection_passwords("postgresql://u:one@h/db?password=two") ==
          "postgresql://u:****@h/db?password=****");
    CHECK(mask_connection_passwords("password=") == "password=****");
    CHECK(mask_connection_passwords("passwordless=1 password_hint=x a password is needed") ==
          "passwordless=1 password_hint=x a password is needed");
}

TEST_CASE("password_spellings: as written and as libpq decodes them") {
    CHECK(password_spellings("postgresql://admin:S3c%00ret@host/db") ==
          std::vector<std::string>{"S3c%00ret", std::string("S3c\0ret", 7)});
    CHECK(password_spellings("postgresql://admin:S3%zzcret@host/db") ==
          std::vector<std::string>{"S3%zzcret"});
    CHECK(password_spellings("host=x password='it\\'s' sslpassword=k3y") ==
          std::vector<std::string>{"'it\\'s'", "it's", "k3y"});
    CHECK(password_spellings("postgresql://h/db?password=a%40b") == std::vector<std::string>{"a%40b", "a@b"});
    CHECK(password_spellings("host=x").empty());
}

TEST_CASE("scrub masks connection passwords as well as the known secrets") {
    secret_scrubber s;
    s.add("hunter2");
    CHECK(s.scrub("mysql://u:pw@h said hunter2") == "mysql://u:****@h said ****");
}
