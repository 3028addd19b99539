#include <doctest/doctest.h>

#include "pricebook/micros_conversion.hpp"

using namespace chatcost::pricebook;

namespace {

void check_exact(const char* text, std::int64_t micros) {
    INFO(text);
    auto result = usd_per_million_to_micros(text);
    CHECK(result.status == conversion_status::exact);
    CHECK(result.micros == micros);
}

void check_rounded(const char* text, std::int64_t micros) {
    INFO(text);
    auto result = usd_per_million_to_micros(text);
    CHECK(result.status == conversion_status::rounded);
    CHECK(result.micros == micros);
}

void check_refused(const char* text, conversion_status status) {
    INFO(text);
    auto result = usd_per_million_to_micros(text);
    CHECK(result.status == status);
    CHECK_FALSE(result.micros.has_value());
}

}  // namespace

TEST_CASE("whole and decimal dollars per 1M tokens become micro-dollars exactly") {
    check_exact("3", 3'000'000);
    check_exact("15", 15'000'000);
    check_exact("0.075", 75'000);
    check_exact("3.75", 3'750'000);
    check_exact("0.100008", 100'008);
    check_exact("1.18528", 1'185'280);
    check_exact("0.000001", 1);
    check_exact("150.000000000", 150'000'000);  // zeros past the sixth place are no rounding
}

TEST_CASE("exponent notation is read from its text") {
    check_exact("1e-2", 10'000);
    check_exact("1E-2", 10'000);
    check_exact("2.5e1", 25'000'000);
    check_exact("1E+2", 100'000'000);
    check_exact("375e-3", 375'000);
}

TEST_CASE("zero is zero, also written as -0") {
    check_exact("0", 0);
    check_exact("0.0", 0);
    check_exact("-0", 0);
    check_exact("-0.000", 0);
    check_exact("0e10", 0);
}

TEST_CASE("finer than a micro-dollar rounds half away from zero, and says so") {
    check_rounded("0.0000025", 3);  // cloudflare-workers-ai/resnet-50 in the 2025-09 snapshot
    check_rounded("0.0000024999", 2);
    check_rounded("0.0000005", 1);
    check_rounded("0.0000004999999", 0);
    check_rounded("0.9999995", 1'000'000);  // the carry reaches the whole dollars
    check_rounded("1e-7", 0);
    check_rounded("5e-7", 1);
    check_rounded("1e-400", 0);
    check_rounded("3.0000015", 3'000'002);
}

TEST_CASE("negative prices are refused, to become unknown") {
    check_refused("-1", conversion_status::negative);
    check_refused("-0.0000001", conversion_status::negative);
    check_refused("-3e2", conversion_status::negative);
}

TEST_CASE("the largest price is the cost engine's, and no more") {
    check_exact("9223372.036854", 9'223'372'036'854);
    check_refused("9223372.036855", conversion_status::too_large);
    check_refused("9223372.0368545", conversion_status::too_large);  // rounds up past the limit
    check_rounded("9223372.0368544", 9'223'372'036'854);
    check_refused("1e400", conversion_status::too_large);
    check_refused("99999999999999999999999", conversion_status::too_large);
}

TEST_CASE("text that is not a JSON number is refused") {
    for (const char* text :
         {"", "abc", "01", "1.", ".5", "+1", "1e", "0x10", "NaN", "Infinity", "1.2.3", " 1", "\"3\""}) {
        check_refused(text, conversion_status::not_a_number);
    }
}
