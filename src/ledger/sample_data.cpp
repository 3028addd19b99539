#include "ledger/sample_data.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

// splitmix64: tiny, fast, and the same sequence on every platform for a seed.
class sample_random {
public:
    explicit sample_random(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::int64_t below(std::int64_t bound) {
        return bound <= 1 ? 0 : static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(bound));
    }
    bool chance(int percent) { return below(100) < percent; }
    // Heavy-tailed counts, as token usage is: a base range doubled a random number of times.
    std::int64_t heavy_tail(std::int64_t base, int max_doublings) {
        return (base + below(base)) << below(max_doublings + 1);
    }
    std::string uuid() {
        auto hi = next(), lo = next();
        hi = (hi & 0xffffffffffff0fffULL) | 0x4000;                 // version 4
        lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 1
        return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff, hi & 0xffff,
                           lo >> 48, lo & 0xffffffffffffULL);
    }

private:
    std::uint64_t state_;
};

struct sample_config {
    const char* provider;
    const char* model;
    const char* display_name;
    const char* options;  // jsonb text, without the demo's marker
    int weight;           // share of the chats that use it
    bool reasoning;       // emits reasoning tokens
    bool caching;         // emits cache reads and writes
};

// Every price form of DESIGN.md section 2 rule 6, one config each.
constexpr std::array<sample_config, 8> configs{{
    {"anthropic", "claude-sonnet-4-20250514", "Claude Sonnet 4",
     R"({"cost": {"input_price_per_million_tokens": "3", "output_price_per_million_tokens": "15", )"
     R"("cache_read_price_per_million_tokens": "0.3", "cache_write_price_per_million_tokens": "3.75"}})",
     30, false, true},
    {"openai", "gpt-4o", "GPT-4o (legacy price keys)",
     R"({"input_price_per_million_tokens": 2.5, "output_price_per_million_tokens": 10, )"
     R"("cache_read_price_per_million_tokens": 1.25, "temperature": 0.7})",
     20, false, true},
    {"openai", "gpt-4o-mini", "", R"({"temperature": 0.2})", 15, false, false},  // the price book's
    {"anthropic", "claude-3-5-haiku-20241022", "Claude Haiku 3.5 (partial prices)",
     R"({"cost": {"input_price_per_million_tokens": 0.8, "output_price_per_million_tokens": 4}})", 12, false,
     true},
    {"local", "llama-3.1-8b-instruct", "Llama 3.1 8B (self-hosted, free)",
     R"({"cost": {"input_price_per_million_tokens": 0, "output_price_per_million_tokens": "0"}})", 8, false,
     false},
    {"acme", "mystery-1", "Mystery model (no price anywhere)", R"({})", 5, false, false},
    {"openai", "o3", "o3 (typo in its input price)",
     R"({"cost": {"input_price_per_million_tokens": "2,00", "output_price_per_million_tokens": "8"}})", 4,
     true, false},
    {"anthropic", "claude-opus-4-20250514", "Claude Opus 4 (mixed keys)",
     R"({"cost": {"input_price_per_million_tokens": "15"}, "output_price_per_million_tokens": "75", )"
     R"("cache_read_price_per_million_tokens": 1.5})",
     6, true, true},
}};

constexpr std::array<const char*, 24> first_names{"alice", "bob",    "carol", "dave",  "erin",    "frank",
                                                  "grace", "heidi",  "ivan",  "judy",  "mallory", "oscar",
                                                  "peggy", "rupert", "sybil", "trent", "ursula",  "victor",
                                                  "wendy", "xavier", "yara",  "zoe",   "nadia",   "omar"};
constexpr std::array<const char*, 12> last_names{"Liddell",  "Moreau", "Okafor",  "Lindqvist",
                                                 "Tanaka",   "Novak",  "Haddad",  "Ferreira",
                                                 "Kowalski", "Nguyen", "Ivanova", "Byrne"};
constexpr std::array<const char*, 16> chat_topics{"Trip planning",
                                                  "Quarterly taxes",
                                                  "Refactor the billing service",
                                                  "Birthday party ideas",
                                                  "SQL index advice",
                                                  "Cover letter draft",
                                                  "Kubernetes upgrade notes",
                                                  "Learning Rust",
                                                  "Marathon training",
                                                  "Incident postmortem",
                                                  "Recipe for 12 people",
                                                  "Pricing page copy",
                                                  "Read a research paper",
                                                  "Migrate to PostgreSQL 15",
                                                  "Garden layout",
                                                  "Interview questions"};

constexpr std::int64_t day_seconds = 86'400;
constexpr std::int64_t sample_days = 90;

std::string timestamp_text(std::int64_t unix_seconds) {
    std::time_t seconds = static_cast<std::time_t>(unix_seconds);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}+00", utc.tm_year + 1900, utc.tm_mon + 1,
                       utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string capitalised(std::string word) {
    if (!word.empty()) word[0] = static_cast<char>(word[0] - 'a' + 'A');
    return word;
}

int weighted_config(sample_random& random) {
    static const int total = [] {
        int sum = 0;
        for (const auto& c : configs) sum += c.weight;
        return sum;
    }();
    int pick = static_cast<int>(random.below(total));
    int index = 0;
    while (pick >= configs[static_cast<size_t>(index)].weight)
        pick -= configs[static_cast<size_t>(index++)].weight;
    return index;
}

struct sample_chat {
    std::string id;
    std::int64_t owner;
    std::string root;  // the chat its fork tree starts from (itself when not a fork)
    std::string title;
    std::int64_t created;  // unix seconds
    int config;            // the model config most of its replies use
};

// One user prompt and the assistant's reply, before they are copied in time order.
struct sample_turn {
    std::int64_t when;  // unix seconds of the prompt
    std::int32_t chat;
    std::int32_t config;  // -1: the reply's model config was not recorded
    std::int32_t reply_delay;
    bool usage;  // false: the reply recorded no usage at all (it failed)
    std::int64_t input, output, reasoning, cache_read, cache_write;
};

void copy_users(pqxx::work& tx, sample_random& random, std::int64_t count, std::int64_t start,
                std::vector<std::string>& ids) {
    pqxx::stream_to stream(tx, "users",
                           std::vector<std::string>{"id", "username", "name", "email", "created_at"});
    for (std::int64_t i = 0; i < count; ++i) {
        const auto index = static_cast<size_t>(i);
        std::string first = first_names[index % first_names.size()];
        auto round = index / first_names.size();
        auto username = round == 0 ? first : fmt::format("{}{}", first, round + 1);
        ids.push_back(random.uuid());
        auto name =
            fmt::format("{} {}", capitalised(first), last_names[(index * 5 + round) % last_names.size()]);
        auto joined = start - random.below(365 * day_seconds);
        stream << std::make_tuple(ids.back(), username, name, username + std::string(sample_email_domain),
                                  timestamp_text(joined));
    }
    stream.complete();
}

void copy_configs(pqxx::work& tx, sample_random& random, std::int64_t start, std::vector<std::string>& ids) {
    pqxx::stream_to stream(tx, "chat_model_configs",
                           std::vector<std::string>{"id", "provider", "model", "display_name", "options",
                                                    "created_at", "updated_at"});
    for (const auto& config : configs) {
        ids.push_back(random.uuid());
        // The marker is added here, so that the forms above read as they would on a real platform.
        std::string options = config.options;
        options.insert(1, std::string(sample_marker.substr(1, sample_marker.size() - 2)) +
                              (options == "{}" ? "" : ", "));
        auto created = timestamp_text(start - 30 * day_seconds);
        stream << std::make_tuple(ids.back(), config.provider, config.model, config.display_name, options,
                                  created, created);
    }
    stream.complete();
}

// Chats spread over the range; heavy users own more of them (the owner is the lower of two
// draws), and about one in eight is a fork of an earlier chat of the same owner.
std::vector<sample_chat> copy_chats(pqxx::work& tx, sample_random& random, std::int64_t count,
                                    const std::vector<std::string>& user_ids, std::int64_t start,
                                    std::int64_t end, sample_counts& counts) {
    std::vector<sample_chat> chats;
    pqxx::stream_to stream(tx, "chats",
                           std::vector<std::string>{"id", "owner_id", "parent_chat_id", "root_chat_id",
                                                    "title", "created_at", "updated_at"});
    const auto users = static_cast<std::int64_t>(user_ids.size());
    for (std::int64_t i = 0; i < count; ++i) {
        auto owner = std::min(random.below(users), random.below(users));
        const sample_chat* parent = nullptr;
        if (random.chance(12)) {
            for (auto j = chats.size(); j > 0 && !parent; --j) {
                if (chats[j - 1].owner == owner) parent = &chats[j - 1];
            }
        }
        auto created = parent ? parent->created + random.below(end - parent->created)
                              : start + random.below(end - start);
        auto id = random.uuid();
        std::string title =
            chat_topics[static_cast<size_t>(random.below(static_cast<std::int64_t>(chat_topics.size())))];
        std::optional<std::string> parent_id, root_id;
        if (parent) {
            parent_id = parent->id;
            root_id = parent->root;
            title = parent->title + " (fork)";
            ++counts.forks;
        }
        int config = parent ? parent->config : weighted_config(random);
        chats.push_back({id, owner, root_id.value_or(id), title, created, config});
        auto text = timestamp_text(created);
        stream << std::make_tuple(id, user_ids[static_cast<size_t>(owner)], parent_id, root_id, title, text,
                                  text);
    }
    stream.complete();
    counts.chats = count;
    return chats;
}

// Prompts and replies: each in a chat, within two weeks of its creation, mostly on the chat's
// model; token counts heavy-tailed as on a real platform, with reasoning inside output.
std::vector<sample_turn> make_turns(sample_random& random, std::int64_t count,
                                    const std::vector<sample_chat>& chats, std::int64_t end) {
    std::vector<sample_turn> turns;
    turns.reserve(static_cast<size_t>(count));
    for (std::int64_t i = 0; i < count; ++i) {
        auto chat_index = random.below(static_cast<std::int64_t>(chats.size()));
        const auto& chat = chats[static_cast<size_t>(chat_index)];
        sample_turn turn{};
        turn.chat = static_cast<std::int32_t>(chat_index);
        turn.when = chat.created + random.below(std::min<std::int64_t>(14 * day_seconds, end - chat.created));
        turn.reply_delay = static_cast<std::int32_t>(2 + random.below(40));
        turn.config = random.chance(85) ? chat.config : weighted_config(random);
        const auto& config = configs[static_cast<size_t>(turn.config)];
        if (random.chance(2)) turn.config = -1;  // a reply whose model config was never recorded
        turn.usage = !random.chance(1);
        turn.input = random.heavy_tail(400, 5);
        turn.output = random.heavy_tail(150, 4);
        turn.reasoning = config.reasoning ? turn.output / 2 + random.below(turn.output / 2 + 1) : -1;
        turn.cache_read = config.caching && random.chance(60) ? random.heavy_tail(1000, 5) : -1;
        turn.cache_write = config.caching && random.chance(25) ? random.heavy_tail(500, 3) : -1;
        turns.push_back(turn);
    }
    // Ids grow with time, as on a live platform.
    std::stable_sort(turns.begin(), turns.end(),
                     [](const sample_turn& a, const sample_turn& b) { return a.when < b.when; });
    return turns;
}

void copy_messages(pqxx::work& tx, const std::vector<sample_turn>& turns,
                   const std::vector<sample_chat>& chats, const std::vector<std::string>& config_ids,
                   const sample_options& options) {
    using opt = std::optional<std::int64_t>;
    auto set = [](std::int64_t n) { return n < 0 ? opt{} : opt(n); };
    pqxx::stream_to stream(
        tx, "chat_messages",
        std::vector<std::string>{"chat_id", "model_config_id", "created_at", "role", "input_tokens",
                                 "output_tokens", "total_tokens", "reasoning_tokens", "cache_creation_tokens",
                                 "cache_read_tokens", "context_limit"});
    const auto total = static_cast<std::int64_t>(turns.size()) * 2;
    std::int64_t copied = 0;
    for (const auto& turn : turns) {
        const auto& chat_id = chats[static_cast<size_t>(turn.chat)].id;
        stream << std::make_tuple(chat_id, std::optional<std::string>{}, timestamp_text(turn.when), "user",
                                  opt{}, opt{}, opt{}, opt{}, opt{}, opt{}, opt{});
        std::optional<std::string> config_id;
        if (turn.config >= 0) config_id = config_ids[static_cast<size_t>(turn.config)];
        auto replied = timestamp_text(turn.when + turn.reply_delay);
        if (turn.usage) {
            stream << std::make_tuple(chat_id, config_id, replied, "assistant", opt(turn.input),
                                      opt(turn.output), opt(turn.input + turn.output), set(turn.reasoning),
                                      set(turn.cache_write), set(turn.cache_read), opt(200'000));
        } else {
            stream << std::make_tuple(chat_id, config_id, replied, "assistant", opt{}, opt{}, opt{}, opt{},
                                      opt{}, opt{}, opt(200'000));
        }
        copied += 2;
        if (options.on_progress && copied % 10'000 == 0) options.on_progress(copied, total);
    }
    stream.complete();
    if (options.on_progress) options.on_progress(copied, total);
}

sample_target read_target(pqxx::transaction_base& tx) {
    auto row = tx.exec_params1(std::string(query("sample_data_census")), std::string(sample_email_domain),
                               std::string(sample_marker));
    if (!row["has_data"].as<bool>()) return sample_target::empty;
    if (row["has_other_users"].as<bool>() || row["has_other_configs"].as<bool>())
        return sample_target::other_data;
    return sample_target::earlier_sample;
}

failure other_data_failure() {
    return failure(exit_code::usage,
                   "the database holds users or model configs that are not the demo's: the sample is loaded "
                   "only into an empty database, or over an earlier demo's sample",
                   "run the demo on a fresh embedded database: XDG_DATA_HOME=$(mktemp -d) chatcost demo");
}

void check_options(const sample_options& options) {
    if (options.users < 1 || options.users > 100'000)
        throw failure(exit_code::usage, fmt::format("--users {}: must be 1 to 100000", options.users));
    if (options.messages < 2 || options.messages > sample_max_messages)
        throw failure(exit_code::usage,
                      fmt::format("--messages {}: must be 2 to {}", options.messages, sample_max_messages));
}

}  // namespace

sample_target inspect_sample_target(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection, "sample census");
    return read_target(tx);
}

sample_counts load_sample_data(pqxx::connection& connection, const sample_options& options) {
    check_options(options);
    // Asked first without a lock: a database with other data is refused without being blocked.
    const auto target = inspect_sample_target(connection);
    if (target == sample_target::other_data) throw other_data_failure();

    sample_random random(options.seed);
    sample_counts counts;
    const std::int64_t now =
        std::chrono::duration_cast<std::chrono::seconds>(options.now.time_since_epoch()).count();
    const std::int64_t end = now - 120;  // every prompt and reply lies in the past
    const std::int64_t start = now - sample_days * day_seconds;

    pqxx::work tx(connection, "sample data");
    if (target == sample_target::earlier_sample) {
        tx.exec0(std::string(query("sample_data_lock")));
        if (read_target(tx) == sample_target::other_data) throw other_data_failure();
        tx.exec0(std::string(query("sample_data_remove")));
        counts.replaced = true;
    }
    std::vector<std::string> user_ids, config_ids;
    copy_users(tx, random, options.users, start, user_ids);
    counts.users = options.users;
    copy_configs(tx, random, start, config_ids);
    counts.model_configs = static_cast<std::int64_t>(configs.size());
    auto chats = copy_chats(tx, random, std::max<std::int64_t>(1, options.messages / 40), user_ids, start,
                            end - 3600, counts);
    auto turns = make_turns(random, options.messages / 2, chats, end);
    copy_messages(tx, turns, chats, config_ids, options);
    counts.messages = static_cast<std::int64_t>(turns.size()) * 2;
    tx.commit();
    return counts;
}

}  // namespace chatcost::db
