#include <doctest/doctest.h>

#include <map>

#include "db/connection_target.hpp"

using namespace chatcost::db;

namespace {

env_lookup fake_env(std::map<std::string, std::string> vars) {
    return [vars](std::string_view name) -> std::optional<std::string> {
        auto it = vars.find(std::string(name));
        if (it == vars.end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace

TEST_CASE("--database wins over everything") {
    auto t =
        resolve_target("postgresql:///flag", fake_env({{"CHATCOST_DATABASE_URL", "a"}, {"PGHOST", "h"}}));
    CHECK(t.source == target_source::flag);
    CHECK(t.conninfo == "postgresql:///flag");
    CHECK(t.reason == "--database");
}

TEST_CASE("CHATCOST_DATABASE_URL, then DATABASE_URL") {
    auto env =
        fake_env({{"CHATCOST_DATABASE_URL", "postgresql:///mine"}, {"DATABASE_URL", "postgresql:///app"}});
    auto t = resolve_target(std::nullopt, env);
    CHECK(t.source == target_source::chatcost_env);
    CHECK(t.conninfo == "postgresql:///mine");

    auto app_only =
        resolve_target(std::nullopt, fake_env({{"DATABASE_URL", "postgresql:///app"}, {"PGHOST", "h"}}));
    CHECK(app_only.source == target_source::database_url_env);
    CHECK(app_only.conninfo == "postgresql:///app");
    CHECK(app_only.reason == "DATABASE_URL");
}

TEST_CASE("an empty variable counts as unset") {
    auto t = resolve_target(std::nullopt, fake_env({{"CHATCOST_DATABASE_URL", ""}, {"DATABASE_URL", "x"}}));
    CHECK(t.source == target_source::database_url_env);
}

TEST_CASE("libpq's PG* variables and service name select a server; others do not") {
    auto t = resolve_target(std::nullopt, fake_env({{"PGPORT", "5433"}, {"PGHOST", "/run/pg"}}));
    CHECK(t.source == target_source::libpq_env);
    CHECK(t.conninfo.empty());
    CHECK(t.reason == "PGHOST, PGPORT");
    CHECK(resolve_target(std::nullopt, fake_env({{"PGSERVICE", "ledger"}})).reason == "PGSERVICE");
    CHECK(resolve_target(std::nullopt, fake_env({{"PGPASSWORD", "x"}, {"PGOPTIONS", "-c a=b"}})).source ==
          target_source::embedded);
}

TEST_CASE("nothing configured: the embedded database") {
    auto t = resolve_target(std::nullopt, fake_env({}));
    CHECK(t.source == target_source::embedded);
    CHECK(t.reason == "no connection configured");
    CHECK(to_string(t.source) == "embedded");
}
