// The demo's sample (db/sample_data) against the real schema: counts, determinism for a seed,
// every price form present, forks, timestamps in the last 90 days, and what it does with a
// database that already holds data.

#include <doctest/doctest.h>

#include <chrono>

#include <pqxx/pqxx>

#include "migrations/migration_plan.hpp"
#include "migrations/migration_runner.hpp"
#include "ledger/sample_data.hpp"
#include "migrations/schema_state.hpp"
#include "db_test_support.hpp"
#include "migration_test_support.hpp"
#include "util/failure.hpp"

using namespace chatcost;
using namespace chatcost::db;
using chatcost::testing::migrated_database;

namespace {

std::string text(pqxx::connection& c, const std::string& sql) {
    pqxx::nontransaction tx(c);
    auto field = tx.exec1(sql)[0];
    return field.is_null() ? "NULL" : field.c_str();
}

std::int64_t number(pqxx::connection& c, const std::string& sql) {
    return std::stoll(text(c, sql));
}

// Everything that the seed decides, as one line: counts, token sums, ids and configs.
std::string fingerprint(pqxx::connection& c) {
    return text(c, R"(
SELECT concat_ws(' ', count(*), sum(input_tokens), sum(output_tokens), sum(reasoning_tokens),
                 sum(cache_read_tokens), sum(cache_creation_tokens), count(model_config_id),
                 md5(string_agg(concat(m.role, m.chat_id, m.model_config_id, m.input_tokens), ','
                                ORDER BY m.id)))
FROM chat_messages m)");
}

sample_options small(std::uint64_t seed) {
    sample_options options;
    options.users = 7;
    options.messages = 4'000;
    options.seed = seed;
    return options;
}

}  // namespace

TEST_CASE("the sample loads into the migrated schema with the counts asked for") {
    auto url = migrated_database("sample_counts");
    pqxx::connection c(url);
    std::int64_t progress_calls = 0, last_done = 0;
    auto options = small(1);
    options.on_progress = [&](std::int64_t done, std::int64_t total) {
        ++progress_calls;
        last_done = done;
        CHECK(total == 4'000);
    };
    auto counts = load_sample_data(c, options);
    CHECK(counts.users == 7);
    CHECK(counts.model_configs == 8);
    CHECK(counts.chats == 100);  // one chat per 40 messages
    CHECK(counts.messages == 4'000);
    CHECK_FALSE(counts.replaced);
    CHECK(progress_calls >= 1);
    CHECK(last_done == 4'000);

    CHECK(number(c, "SELECT count(*) FROM users") == 7);
    CHECK(number(c, "SELECT count(*) FROM chat_model_configs") == 8);
    CHECK(number(c, "SELECT count(*) FROM chats") == 100);
    CHECK(number(c, "SELECT count(*) FROM chat_messages") == 4'000);
    CHECK(number(c, "SELECT count(*) FROM chat_messages WHERE role = 'user'") == 2'000);
    CHECK(number(c, "SELECT count(*) FROM chat_messages WHERE role = 'assistant'") == 2'000);
    // Prompts carry no usage; costs are left for backfill.
    CHECK(number(c, "SELECT count(*) FROM chat_messages WHERE role = 'user' AND input_tokens IS NOT NULL") ==
          0);
    CHECK(number(c, "SELECT count(*) FROM chat_messages WHERE total_cost_micros IS NOT NULL") == 0);
    // Forks point at an earlier chat of the same owner, and at its root.
    CHECK(number(c, "SELECT count(*) FROM chats WHERE parent_chat_id IS NOT NULL") == counts.forks);
    CHECK(number(c, R"(SELECT count(*) FROM chats f JOIN chats p ON p.id = f.parent_chat_id
                       WHERE p.owner_id <> f.owner_id OR f.root_chat_id IS NULL)") == 0);
    // Every message in the last 90 days and in the past; ids grow with time.
    CHECK(number(c,
                 "SELECT count(*) FROM chat_messages WHERE created_at < now() - interval '90 days' "
                 "OR created_at > now()") == 0);
    CHECK(number(c, R"(SELECT count(*) FROM (SELECT created_at < lag(created_at) OVER (ORDER BY id) AS back
                       FROM chat_messages WHERE role = 'user') t WHERE back)") == 0);
    // Realistic usage: reasoning inside output, totals add up.
    CHECK(number(c, "SELECT count(*) FROM chat_messages WHERE reasoning_tokens > output_tokens") == 0);
    CHECK(
        number(c, "SELECT count(*) FROM chat_messages WHERE total_tokens <> input_tokens + output_tokens") ==
        0);
    CHECK(number(c, "SELECT count(*) FROM chat_messages WHERE role = 'assistant' AND input_tokens IS NULL") >
          0);
    CHECK(
        number(c, "SELECT count(*) FROM chat_messages WHERE role = 'assistant' AND model_config_id IS NULL") >
        0);
}

TEST_CASE("every price form of the money rules is in the sample's model configs") {
    auto url = migrated_database("sample_price_forms");
    pqxx::connection c(url);
    load_sample_data(c, small(3));
    auto count = [&](const std::string& where) {
        return number(c, "SELECT count(*) FROM chat_model_configs WHERE " + where);
    };
    CHECK(count("jsonb_typeof(options->'cost'->'input_price_per_million_tokens') = 'string'") >= 1);
    CHECK(count("jsonb_typeof(options->'cost'->'input_price_per_million_tokens') = 'number'") >= 1);
    CHECK(count("options ? 'input_price_per_million_tokens' AND NOT options ? 'cost'") >= 1);  // legacy only
    CHECK(count("options ? 'cost' AND options ? 'output_price_per_million_tokens'") >= 1);     // mixed
    CHECK(count("options->'cost'->>'input_price_per_million_tokens' = '0'") >= 1);             // free
    CHECK(count("options->'cost'->>'input_price_per_million_tokens' = '2,00'") == 1);          // bad price
    // Partial prices: a config that sets input and output only.
    CHECK(count("options ? 'cost' AND NOT options->'cost' ? 'cache_read_price_per_million_tokens' "
                "AND NOT options ? 'cache_read_price_per_million_tokens' "
                "AND options->'cost'->>'input_price_per_million_tokens' <> '2,00'") >= 1);
    // No price key at all: priced by the price book (gpt-4o-mini is in it) or by nothing.
    const std::string no_keys = "NOT options::text LIKE '%price_per_million_tokens%'";
    CHECK(count(no_keys + " AND provider = 'openai' AND model = 'gpt-4o-mini'") == 1);
    CHECK(count(no_keys + " AND provider = 'acme'") == 1);
    // Every config is marked as the demo's, and every user has the demo's domain.
    CHECK(count("NOT options @> '{\"chatcost_demo\": true}'") == 0);
    CHECK(number(c, "SELECT count(*) FROM users WHERE email NOT LIKE '%@demo.chatcost.invalid'") == 0);
    // Every config is used by some reply.
    CHECK(number(c, "SELECT count(DISTINCT model_config_id) FROM chat_messages") == 8);
}

TEST_CASE("the same seed gives the same sample, another seed another one") {
    auto first = migrated_database("sample_seed_a");
    auto second = migrated_database("sample_seed_b");
    auto third = migrated_database("sample_seed_c");
    pqxx::connection a(first), b(second), c(third);
    auto later = small(42);
    later.now =
        std::chrono::system_clock::now() - std::chrono::hours(24 * 3);  // timestamps move, nothing else
    load_sample_data(a, small(42));
    load_sample_data(b, later);
    load_sample_data(c, small(43));
    CHECK(fingerprint(a) == fingerprint(b));
    CHECK(fingerprint(a) != fingerprint(c));
    CHECK(text(a, "SELECT string_agg(id::text || username, ',' ORDER BY id) FROM users") ==
          text(b, "SELECT string_agg(id::text || username, ',' ORDER BY id) FROM users"));
}

TEST_CASE("an earlier sample is replaced; other data is refused and left alone") {
    auto url = migrated_database("sample_replace");
    pqxx::connection c(url);
    CHECK(inspect_sample_target(c) == sample_target::empty);
    load_sample_data(c, small(5));
    CHECK(inspect_sample_target(c) == sample_target::earlier_sample);
    auto before = fingerprint(c);

    auto again = load_sample_data(c, small(5));
    CHECK(again.replaced);
    CHECK(number(c, "SELECT count(*) FROM users") == 7);
    CHECK(number(c, "SELECT count(*) FROM chat_messages") == 4'000);
    // The same sample, under new message ids.
    CHECK(number(c, "SELECT min(id) FROM chat_messages") > 4'000);

    {
        pqxx::nontransaction tx(c);
        tx.exec("INSERT INTO users (username, email) VALUES ('real', 'real@example.com')");
    }
    CHECK(inspect_sample_target(c) == sample_target::other_data);
    try {
        load_sample_data(c, small(6));
        FAIL("expected a failure");
    } catch (const failure& e) {
        CHECK(e.code() == exit_code::usage);
        CHECK(std::string(e.what()).find("not the demo's") != std::string::npos);
        CHECK(e.next_step().find("XDG_DATA_HOME") != std::string::npos);
    }
    CHECK(number(c, "SELECT count(*) FROM users") == 8);
    CHECK(number(c, "SELECT count(*) FROM chat_messages") == 4'000);

    // A model config that is not the demo's is other data too.
    auto other = migrated_database("sample_other_config");
    pqxx::connection o(other);
    {
        pqxx::nontransaction tx(o);
        tx.exec("INSERT INTO chat_model_configs (provider, model) VALUES ('openai', 'gpt-4o')");
    }
    CHECK(inspect_sample_target(o) == sample_target::other_data);
    CHECK_THROWS_AS(load_sample_data(o, small(1)), failure);
    CHECK(number(o, "SELECT count(*) FROM users") == 0);
}

TEST_CASE("sample options out of range are usage errors") {
    auto url = migrated_database("sample_options");
    pqxx::connection c(url);
    auto none = small(1);
    none.users = 0;
    CHECK_THROWS_AS(load_sample_data(c, none), failure);
    auto odd = small(1);
    odd.messages = sample_max_messages + 1;
    CHECK_THROWS_AS(load_sample_data(c, odd), failure);
    CHECK(inspect_sample_target(c) == sample_target::empty);
}
