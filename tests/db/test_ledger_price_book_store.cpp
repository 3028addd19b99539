#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include <fmt/format.h>

#include "db/embedded_sql.hpp"
#include "ledger/price_book_store.hpp"
#include "db_test_support.hpp"

using namespace chatcost;
using namespace chatcost::db;

namespace {

// ai_model_prices exactly as `chatcost migrate up` creates it: the migration's own text.
std::string price_table_database(const std::string& name) {
    auto url = testing::fresh_database(name);
    pqxx::connection c(url);
    pqxx::nontransaction tx(c);
    bool created = false;
    for (const auto& file : embedded_sql()) {
        if (file.path.starts_with("migrations/") && file.path.ends_with("_ai_model_prices.up.sql")) {
            tx.exec(std::string(file.text));
            created = true;
        }
    }
    REQUIRE_MESSAGE(created, "no migration creates ai_model_prices");
    return url;
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
