#pragma once
// Realistic sample usage for `chatcost demo`: users, chats with forks, model configs priced in
// every form the money rules accept (nested and legacy keys, strings and numbers, free, price
// book only, unpriced, one bad price), and messages over the last 90 days with heavy-tailed
// token counts. Deterministic for a given seed: the same seed gives the same rows (ids, tokens,
// configs), only their timestamps move with `now`.
//
// The sample is marked, so that a later demo can tell it from real data: its users' e-mail
// addresses end with sample_email_domain and its model configs' options hold sample_marker. It
// is loaded only into a database that is empty or holds nothing but an earlier sample, which
// it then replaces; any other data is refused, and nothing is written.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>

#include <pqxx/connection>

namespace chatcost::db {

inline constexpr std::string_view sample_email_domain = "@demo.chatcost.invalid";
inline constexpr std::string_view sample_marker = R"({"chatcost_demo": true})";

// The most messages a sample may have: it is built in memory, sorted by time, then copied.
inline constexpr std::int64_t sample_max_messages = 1'000'000;

struct sample_options {
    std::int64_t users = 40;
    std::int64_t messages = 100'000;  // user and assistant messages together
    std::uint64_t seed = 1;
    std::chrono::system_clock::time_point now = std::chrono::system_clock::now();
    // Called while messages are copied: (copied so far, all of them).
    std::function<void(std::int64_t, std::int64_t)> on_progress;
};

struct sample_counts {
    std::int64_t users = 0;
    std::int64_t chats = 0;
    std::int64_t forks = 0;  // chats that are forks of another (counted in chats)
    std::int64_t model_configs = 0;
    std::int64_t messages = 0;
    bool replaced = false;  // an earlier sample was removed first
};

enum class sample_target { empty, earlier_sample, other_data };

// What the database holds: read-only, no lock.
sample_target inspect_sample_target(pqxx::connection& connection);

// Loads the sample into a migrated database in one transaction (COPY), after removing an
// earlier sample under a lock. Throws failure(usage) naming the problem when the database
// holds other data, and failure(usage) for options out of range.
sample_counts load_sample_data(pqxx::connection& connection, const sample_options& options);

}  // namespace chatcost::db
