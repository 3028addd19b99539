// A report's views: each format prints the view it shows, so commands never test --format.

#include <doctest/doctest.h>

#include <sstream>

#include "output/render.hpp"
#include "output/report_views.hpp"

using namespace chatcost::output;

namespace {
std::string rendered(const report_views& report, format which) {
    std::ostringstream out;
    render(out, report, which);
    return out.str();
}
}  // namespace

TEST_CASE("report views: one value is printed by every format") {
    report_views report(value::object({{"url", value::text("postgresql:///x")}}));
    CHECK(report.view(report_view::for_people) == &report.whole());
    CHECK(report.view(report_view::one_list) == &report.whole());
    CHECK(rendered(report, format::json) == "{\n  \"url\": \"postgresql:///x\"\n}\n");
}

TEST_CASE("report views: people may see something else, or nothing; programs still get the whole") {
    report_views report(value::object({{"url", value::text("postgresql:///x")}}));
    report.for_people(value::text("postgresql:///x"));
    CHECK(rendered(report, format::table) == "postgresql:///x\n");
    CHECK(rendered(report, format::json) == "{\n  \"url\": \"postgresql:///x\"\n}\n");
    CHECK(rendered(report, format::csv) == "key,value\r\nurl,postgresql:///x\r\n");

    report.nothing_for_people();
    CHECK(report.view(report_view::for_people) == nullptr);
    CHECK(rendered(report, format::table).empty());
    CHECK_FALSE(rendered(report, format::json).empty());
}

TEST_CASE("report views: CSV may print another report's list") {
    auto users = value::rows({"username"});
    users.append(value::object({{"username", value::text("alice")}}));
    report_views report(value::object({{"figures", value::count(1)}}));
    report.as_one_list(value::object({{"users", std::move(users)}}));
    CHECK(rendered(report, format::csv) == "username\r\nalice\r\n");
    CHECK(rendered(report, format::json).find("alice") == std::string::npos);
}
