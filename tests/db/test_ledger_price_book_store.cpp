#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "db/embedded_sql.hpp"
#include "ledger/price_book_store.hpp"
#include "price_book_json.hpp"
#include "migration_test_support.hpp"

using namespace chatcost;
using namespace chatcost::db;

namespace {

// ai_model_prices exactly as `chatcost migrate up` makes it: every migration, since the apply
// compares the book with the price history (0012) and its trigger writes it.
std::string price_table_database(const std::string& name) {
    return testing::migrated_database(name);
}

std::string entry_json(std::string_view provider, std::string_view model, std::string_view prices) {
    return fmt::format(R"({{"provider":"{}","model":"{}",{}}})", provider, model, prices);
}

// Four priced models, the JSON the client sends (compact, sorted).
const std::string book_v1 =
    "[" +
    entry_json(
        "anthropic", "claude-3-5-haiku",
        R"("input_price":800000,"output_price":4000000,"cache_read_price":80000,"cache_write_price":1000000)") +
    "," +
    entry_json(
        "anthropic", "claude-sonnet-4",
        R"("input_price":3000000,"output_price":15000000,"cache_read_price":300000,"cache_write_price":3750000)") +
    "," +
    entry_json(
        "openai", "gpt-4o",
        R"("input_price":2500000,"output_price":10000000,"cache_read_price":1250000,"cache_write_price":null)") +
    "," +
    entry_json("openrouter", "z-ai/glm-4.5-air:free",
               R"("input_price":0,"output_price":0,"cache_read_price":null,"cache_write_price":null)") +
    "]";

// v1 with haiku's input changed, gpt-4o's cache write now known, and one new model.
const std::string book_v2 =
    "[" +
    entry_json(
        "anthropic", "claude-3-5-haiku",
        R"("input_price":1000000,"output_price":4000000,"cache_read_price":80000,"cache_write_price":1000000)") +
    "," +
    entry_json(
        "anthropic", "claude-sonnet-4",
        R"("input_price":3000000,"output_price":15000000,"cache_read_price":300000,"cache_write_price":3750000)") +
    "," +
    entry_json(
        "openai", "gpt-4o",
        R"("input_price":2500000,"output_price":10000000,"cache_read_price":1250000,"cache_write_price":0)") +
    "," +
    entry_json(
        "openai", "o1-pro",
        R"("input_price":150000000,"output_price":600000000,"cache_read_price":null,"cache_write_price":null)") +
    "," +
    entry_json("openrouter", "z-ai/glm-4.5-air:free",
               R"("input_price":0,"output_price":0,"cache_read_price":null,"cache_write_price":null)") +
    "]";

struct table_stats {
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::int64_t dead = 0;
};

// The table's counters, with this backend's pending figures flushed first.
table_stats stats(pqxx::connection& c) {
    pqxx::nontransaction(c).exec("SELECT pg_stat_force_next_flush()");
    pqxx::nontransaction tx(c);
    auto row = tx.exec1(
        "SELECT n_tup_ins, n_tup_upd, n_dead_tup FROM pg_stat_user_tables WHERE relname = 'ai_model_prices'");
    return {row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
}

// Each row's version (ctid, xmin, xmax) and timestamps: equal snapshots mean nothing was written
// or locked.
std::vector<std::string> row_versions(pqxx::connection& c) {
    pqxx::nontransaction tx(c);
    std::vector<std::string> rows;
    for (const auto& row :
         tx.exec("SELECT provider || '/' || model || ' ' || ctid::text || ' ' || xmin::text || ' ' || "
                 "xmax::text || ' ' || created_at::text || ' ' || updated_at::text "
                 "FROM ai_model_prices ORDER BY provider, model")) {
        rows.push_back(row[0].as<std::string>());
    }
    return rows;
}

std::string updated_at(pqxx::connection& c, const std::string& provider, const std::string& model) {
    pqxx::nontransaction tx(c);
    return tx
        .exec_params1("SELECT updated_at::text FROM ai_model_prices WHERE provider = $1 AND model = $2",
                      provider, model)[0]
        .as<std::string>();
}

void pause_for_clock() {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // so that now() differs between applies
}

}  // namespace

TEST_CASE("apply to an empty table inserts every entry, NULL and 0 kept apart") {
    pqxx::connection c(price_table_database("price_book_empty"));
    auto counts = apply_price_book(c, book_v1);
    CHECK(counts.inserted == 4);
    CHECK(counts.updated == 0);
    CHECK(counts.unchanged == 0);
    auto rows = list_prices(c, std::nullopt, std::nullopt);
    REQUIRE(rows.size() == 4);
    CHECK(rows[2].provider == "openai");
    CHECK(rows[2].prices.input == 2'500'000);
    CHECK_FALSE(rows[2].prices.cache_write.has_value());
    CHECK(rows[3].model == "z-ai/glm-4.5-air:free");
    CHECK(rows[3].prices.input == 0);
    CHECK_FALSE(rows[3].prices.cache_read.has_value());
    CHECK(rows[0].created_at == rows[0].updated_at);
}

TEST_CASE("re-applying the same book writes nothing: no row version, no lock, updated_at kept") {
    pqxx::connection c(price_table_database("price_book_reapply"));
    apply_price_book(c, book_v1);
    auto before = row_versions(c);
    auto stats_before = stats(c);
    CHECK(stats_before.inserted == 4);
    CHECK(stats_before.updated == 0);
    pause_for_clock();

    auto counts = apply_price_book(c, book_v1);
    CHECK(counts.inserted == 0);
    CHECK(counts.updated == 0);
    CHECK(counts.unchanged == 4);
    CHECK(row_versions(c) == before);  // same ctid, xmin, xmax (not even locked) and timestamps
    auto stats_after = stats(c);
    CHECK(stats_after.updated == stats_before.updated);
    CHECK(stats_after.inserted == stats_before.inserted);
    CHECK(stats_after.dead == stats_before.dead);
}

TEST_CASE("a changed book updates only the changed rows; rows absent from the book are left alone") {
    pqxx::connection c(price_table_database("price_book_changed"));
    apply_price_book(c, book_v1);
    pqxx::nontransaction(c).exec(
        "INSERT INTO ai_model_prices (provider, model, input_price, output_price, created_at, updated_at) "
        "VALUES ('custom', 'in-house-llm', 42, 43, '2020-01-01Z', '2020-01-02Z')");
    auto sonnet_updated = updated_at(c, "anthropic", "claude-sonnet-4");
    auto stats_before = stats(c);
    pause_for_clock();

    auto counts = apply_price_book(c, book_v2);
    CHECK(counts.inserted == 1);
    CHECK(counts.updated == 2);
    CHECK(counts.unchanged == 2);
    auto stats_after = stats(c);
    CHECK(stats_after.updated - stats_before.updated == 2);
    CHECK(stats_after.inserted - stats_before.inserted == 1);

    CHECK(updated_at(c, "anthropic", "claude-sonnet-4") == sonnet_updated);
    CHECK(updated_at(c, "anthropic", "claude-3-5-haiku") != sonnet_updated);
    auto rows = list_prices(c, std::nullopt, std::nullopt);
    REQUIRE(rows.size() == 6);
    auto custom =
        std::find_if(rows.begin(), rows.end(), [](const auto& r) { return r.provider == "custom"; });
    REQUIRE(custom != rows.end());
    CHECK(custom->prices.input == 42);
    CHECK(custom->created_at == "2020-01-01T00:00:00Z");
    CHECK(custom->updated_at == "2020-01-02T00:00:00Z");
    auto haiku = list_prices(c, std::string("anthropic"), std::string("claude-3-5-haiku"));
    REQUIRE(haiku.size() == 1);
    CHECK(haiku[0].prices.input == 1'000'000);
    CHECK(
        pqxx::nontransaction(c)
            .exec1("SELECT updated_at > created_at FROM ai_model_prices WHERE model = 'claude-3-5-haiku'")[0]
            .as<bool>());
    auto gpt = list_prices(c, std::string("openai"), std::string("gpt-4o"));
    CHECK(gpt.at(0).prices.cache_write == 0);  // unknown -> free is a change
}

TEST_CASE("a dry run lists new and changed entries with the stored prices, and writes nothing") {
    pqxx::connection c(price_table_database("price_book_diff"));
    apply_price_book(c, book_v1);
    auto before = row_versions(c);
    auto diff = diff_price_book(c, book_v2, std::nullopt);
    CHECK((diff.inserted == 1 && diff.updated == 2));
    const auto& changes = diff.listed;
    REQUIRE(changes.size() == 3);
    CHECK(changes[0].model == "claude-3-5-haiku");
    REQUIRE(changes[0].old_prices);
    CHECK(changes[0].old_prices->input == 800'000);
    CHECK(changes[0].new_prices.input == 1'000'000);
    CHECK(changes[1].model == "gpt-4o");
    CHECK_FALSE(changes[1].old_prices->cache_write.has_value());
    CHECK(changes[1].new_prices.cache_write == 0);
    CHECK(changes[2].model == "o1-pro");
    CHECK_FALSE(changes[2].old_prices.has_value());
    CHECK(row_versions(c) == before);
    auto none = diff_price_book(c, book_v1, std::nullopt);
    CHECK((none.inserted == 0 && none.updated == 0 && none.listed.empty()));
}

TEST_CASE("a dry run of a big book lists the first changes and counts them all") {
    pqxx::connection c(price_table_database("price_book_diff_listed"));
    apply_price_book(c, book_v1);
    auto diff = diff_price_book(c, book_v2, 2);
    CHECK((diff.inserted == 1 && diff.updated == 2));
    REQUIRE(diff.listed.size() == 2);
    CHECK(diff.listed[0].model == "claude-3-5-haiku");
    CHECK(diff.listed[1].model == "gpt-4o");
    CHECK(diff_price_book(c, book_v2, 0).listed.empty());
}

TEST_CASE("prices list filters by provider and model") {
    pqxx::connection c(price_table_database("price_book_list"));
    apply_price_book(c, book_v2);
    CHECK(list_prices(c, std::string("anthropic"), std::nullopt).size() == 2);
    CHECK(list_prices(c, std::nullopt, std::string("gpt-4o")).size() == 1);
    CHECK(list_prices(c, std::string("openai"), std::string("claude-sonnet-4")).empty());
    CHECK(list_prices(c, std::string("nobody"), std::nullopt).empty());
    // A substring, in any case; LIKE's wildcards are literal.
    CHECK(list_prices(c, std::string("Anthropic"), std::string("SONNET")).size() == 1);
    CHECK(list_prices(c, std::nullopt, std::string("claude")).size() == 2);
    CHECK(list_prices(c, std::nullopt, std::string("%")).empty());
    CHECK(list_prices(c, std::nullopt, std::string("gpt_4o")).empty());
}

TEST_CASE("concurrent applies of conflicting books, in opposite file orders, neither deadlock nor fail") {
    auto url = price_table_database("price_book_concurrent");
    constexpr int models = 2000;
    auto book = [&](int price, bool reversed) {
        std::vector<std::string> entries;
        for (int i = 0; i < models; ++i) {
            entries.push_back(
                entry_json("p", fmt::format("m{:05}", i),
                           fmt::format(R"("input_price":{0},"output_price":{0},"cache_read_price":null,)"
                                       R"("cache_write_price":null)",
                                       price)));
        }
        if (reversed) std::reverse(entries.begin(), entries.end());
        return "[" + fmt::format("{}", fmt::join(entries, ",")) + "]";
    };
    std::atomic<int> failures{0};
    std::atomic<std::int64_t> inserted{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            try {
                pqxx::connection c(url);
                for (int round = 0; round < 5; ++round) {
                    // Each apply rewrites every row the previous one set: maximal lock contention.
                    inserted += apply_price_book(c, book(t * 10 + round + 1, t % 2 == 1)).inserted;
                }
            } catch (const std::exception& error) {
                MESSAGE(std::string(error.what()));
                ++failures;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK(failures == 0);
    CHECK(inserted == models);  // each row inserted once, by whichever apply came first
    pqxx::connection c(url);
    CHECK(list_prices(c, std::nullopt, std::nullopt).size() == models);
}

namespace {

// A model with a reasoning price and two long-context tiers (the second leaves cache prices to
// the row), and a flat one, as the client sends them: tiers by increasing size, only the prices
// a tier sets (DESIGN §2 rules 8 and 9).
const std::string flat_gpt = entry_json(
    "openai", "gpt-4o",
    R"("input_price":2500000,"output_price":10000000,"cache_read_price":1250000,"cache_write_price":null)");

std::string tiered_book(std::string_view first_tier_output, std::string_view reasoning = "30000000") {
    return "[" +
           entry_json(
               "openai", "gpt-5.4",
               fmt::format(
                   R"("input_price":2500000,"output_price":15000000,"cache_read_price":250000,)"
                   R"("cache_write_price":null,"reasoning_price":{},"tiers":[)"
                   R"({{"size":272000,"input_price":5000000,"output_price":{},"cache_read_price":500000}},)"
                   R"({{"size":1000000,"input_price":6000000,"reasoning_price":40000000}}])",
                   reasoning, first_tier_output)) +
           "," + flat_gpt + "]";
}

std::string stored_tiers(pqxx::connection& c, const std::string& model) {
    pqxx::nontransaction tx(c);
    auto row = tx.exec_params1(
        "SELECT coalesce(reasoning_price::text, 'NULL') || ' ' || coalesce(tiers::text, 'NULL') "
        "FROM ai_model_prices WHERE model = $1",
        model);
    return row[0].as<std::string>();
}

}  // namespace

TEST_CASE("tiers and a reasoning price are stored exactly, listed by increasing size, and compared") {
    pqxx::connection c(price_table_database("price_book_tiers"));
    auto counts = apply_price_book(c, tiered_book("22500000"));
    CHECK((counts.inserted == 2 && counts.updated == 0));
    CHECK(
        stored_tiers(c, "gpt-5.4") ==
        R"(30000000 [{"size": 272000, "input_price": 5000000, "output_price": 22500000, )"
        R"("cache_read_price": 500000}, {"size": 1000000, "input_price": 6000000, "reasoning_price": 40000000}])");
    CHECK(stored_tiers(c, "gpt-4o") == "NULL NULL");  // a flat price: NULL, never []

    auto rows = list_prices(c, std::string("openai"), std::nullopt);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].model == "gpt-4o");
    CHECK_FALSE(rows[0].reasoning_price.has_value());
    CHECK(rows[0].tiers.empty());
    const auto& tiered = rows[1];
    CHECK(tiered.reasoning_price == 30'000'000);
    REQUIRE(tiered.tiers.size() == 2);
    CHECK(tiered.tiers[0].size == 272'000);
    CHECK(tiered.tiers[0].micros_per_million.input == 5'000'000);
    CHECK(tiered.tiers[0].micros_per_million.output == 22'500'000);
    CHECK(tiered.tiers[0].micros_per_million.cache_read == 500'000);
    CHECK_FALSE(tiered.tiers[0].micros_per_million.cache_write.has_value());  // inherits the row's
    CHECK_FALSE(tiered.tiers[0].reasoning_micros_per_million.has_value());
    CHECK(tiered.tiers[1].size == 1'000'000);
    CHECK_FALSE(tiered.tiers[1].micros_per_million.output.has_value());
    CHECK(tiered.tiers[1].reasoning_micros_per_million == 40'000'000);

    // The same book again: nothing written, not even locked.
    auto before = row_versions(c);
    auto stats_before = stats(c);
    pause_for_clock();
    auto again = apply_price_book(c, tiered_book("22500000"));
    CHECK((again.inserted == 0 && again.updated == 0 && again.unchanged == 2));
    CHECK(row_versions(c) == before);
    CHECK(stats(c).updated == stats_before.updated);
    CHECK(diff_price_book(c, tiered_book("22500000"), std::nullopt).listed.empty());

    // One price of one tier changed: that row alone is rewritten.
    auto flat_updated = updated_at(c, "openai", "gpt-4o");
    auto changed = apply_price_book(c, tiered_book("25000000"));
    CHECK((changed.inserted == 0 && changed.updated == 1 && changed.unchanged == 1));
    CHECK(stats(c).updated - stats_before.updated == 1);
    CHECK(updated_at(c, "openai", "gpt-4o") == flat_updated);
    CHECK(list_prices(c, std::nullopt, std::string("gpt-5.4")).at(0).tiers.at(0).micros_per_million.output ==
          25'000'000);

    // The reasoning price alone changed, then removed (null): each is a change.
    CHECK(apply_price_book(c, tiered_book("25000000", "35000000")).updated == 1);
    CHECK(apply_price_book(c, tiered_book("25000000", "null")).updated == 1);
    CHECK(stored_tiers(c, "gpt-5.4").starts_with("NULL [{"));
}

TEST_CASE("a book's tiers replace the stored ones whole; none and [] both store NULL") {
    pqxx::connection c(price_table_database("price_book_tiers_removed"));
    apply_price_book(c, tiered_book("22500000"));
    const auto flat_54 = entry_json(
        "openai", "gpt-5.4",
        R"("input_price":2500000,"output_price":15000000,"cache_read_price":250000,"cache_write_price":null,)"
        R"("reasoning_price":30000000)");
    for (std::string_view tiers : {"", R"(,"tiers":[])"}) {
        CAPTURE(tiers);
        auto book = "[" + flat_54.substr(0, flat_54.size() - 1) + std::string(tiers) + "}]";
        apply_price_book(c, book);
        CHECK(stored_tiers(c, "gpt-5.4") == "30000000 NULL");
        CHECK(apply_price_book(c, book).updated == 0);
        apply_price_book(c, tiered_book("22500000"));  // back, for the next form
    }
}

TEST_CASE("a dry run lists the reasoning price and the tiers, old and new, and writes nothing") {
    pqxx::connection c(price_table_database("price_book_tiers_diff"));
    apply_price_book(c, tiered_book("22500000"));
    auto before = row_versions(c);
    auto diff = diff_price_book(c, tiered_book("25000000", "35000000"), std::nullopt);
    CHECK((diff.inserted == 0 && diff.updated == 1));
    REQUIRE(diff.listed.size() == 1);
    const auto& change = diff.listed[0];
    CHECK(change.model == "gpt-5.4");
    REQUIRE(change.old_prices);
    CHECK(*change.old_prices == change.new_prices);  // the base prices did not change
    CHECK(change.old_reasoning == 30'000'000);
    CHECK(change.new_reasoning == 35'000'000);
    CHECK(change.tiers_changed);
    REQUIRE((change.old_tiers.size() == 2 && change.new_tiers.size() == 2));
    CHECK(change.old_tiers[0].micros_per_million.output == 22'500'000);
    CHECK(change.new_tiers[0].micros_per_million.output == 25'000'000);
    CHECK(change.new_tiers[1].reasoning_micros_per_million == 40'000'000);
    CHECK(row_versions(c) == before);

    // Only the reasoning price: the tiers are unchanged.
    auto reasoning_only = diff_price_book(c, tiered_book("22500000", "35000000"), std::nullopt);
    REQUIRE(reasoning_only.listed.size() == 1);
    CHECK_FALSE(reasoning_only.listed[0].tiers_changed);

    // A new entry carries its tiers; a stored row has none to show.
    auto fresh = diff_price_book(c,
                                 "[" +
                                     entry_json("openai", "gpt-5.5",
                                                R"("input_price":1,"output_price":2,)"
                                                R"("cache_read_price":null,"cache_write_price":null,)"
                                                R"("tiers":[{"size":128000,"input_price":3}])") +
                                     "]",
                                 std::nullopt);
    REQUIRE(fresh.listed.size() == 1);
    CHECK_FALSE(fresh.listed[0].old_prices.has_value());
    REQUIRE(fresh.listed[0].new_tiers.size() == 1);
    CHECK(fresh.listed[0].new_tiers[0].size == 128'000);
    CHECK_FALSE(fresh.listed[0].new_tiers[0].micros_per_million.output.has_value());
}

TEST_CASE("migration 0011's CHECK refuses tiers of another shape, written by hand") {
    pqxx::connection c(price_table_database("price_book_tiers_check"));
    auto write = [&](const std::string& tiers) {
        pqxx::nontransaction tx(c);
        tx.exec_params("INSERT INTO ai_model_prices (provider, model, tiers) VALUES ('p', $1, $2::jsonb)",
                       "m" + std::to_string(std::hash<std::string>{}(tiers)), tiers);
    };
    for (const std::string good :
         {R"([{"size": 272000, "input_price": 5000000, "cache_write_price": null}])",
          R"([{"size": 1}, {"size": 2.0, "reasoning_price": 0}])",
          R"([{"size": 9223372036854775807, "output_price": 9223372036854775807}])"}) {
        CAPTURE(good);
        CHECK_NOTHROW(write(good));
    }
    for (const std::string bad : {"[]",
                                  "{}",
                                  "null",
                                  R"("[]")",
                                  R"({"size": 1})",
                                  "[1]",
                                  R"([[{"size": 1}]])",
                                  R"([{"size": 1}, [{"size": 2}]])",
                                  R"([{"input_price": 1}])",
                                  R"([{"size": 0}])",
                                  R"([{"size": -5}])",
                                  R"([{"size": 2.5}])",
                                  R"([{"size": "272000"}])",
                                  R"([{"size": [272000]}])",
                                  R"([{"size": null}])",
                                  R"([{"size": 9223372036854775808}])",
                                  R"([{"size": 1, "input_price": -1}])",
                                  R"([{"size": 1, "input_price": 1.5}])",
                                  R"([{"size": 1, "input_price": "1"}])",
                                  R"([{"size": 1, "input_price": [1]}])",
                                  R"([{"size": 1, "output_price": true}])",
                                  R"([{"size": 1, "cache_read_price": {}}])",
                                  R"([{"size": 1, "cache_write_price": 9223372036854775808}])",
                                  R"([{"size": 1, "input": 1}])",
                                  R"([{"size": 1, "tier": {"size": 1}}])",
                                  R"([{"size": 1}, 2])",
                                  R"([{"size": 1}, {"size": 2, "reasoning_price": -3}])"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(write(bad), pqxx::check_violation);
    }
    pqxx::nontransaction tx(c);
    CHECK_THROWS_AS(
        tx.exec("INSERT INTO ai_model_prices (provider, model, reasoning_price) VALUES ('p', 'r', -1)"),
        pqxx::check_violation);
}
