#include "ledger/invalid_usage.hpp"

#include <algorithm>
#include <array>

#include "db/embedded_sql.hpp"
#include "util/integer_text.hpp"

namespace chatcost::db {

namespace {

// The sums a report row carries, each under its figure's name, and where it goes.
struct summed_figure {
    const char* name;
    std::int64_t ledger::usage_totals::*field;
};

constexpr std::array<summed_figure, 5> summed_figures{{
    {"cost_micros", &ledger::usage_totals::cost_micros},
    {"input_tokens", &ledger::usage_totals::input_tokens},
    {"output_tokens", &ledger::usage_totals::output_tokens},
    {"cache_read_tokens", &ledger::usage_totals::cache_read_tokens},
    {"cache_creation_tokens", &ledger::usage_totals::cache_creation_tokens},
}};

}  // namespace

std::optional<std::int64_t> sum_within_int64(std::string_view digits) {
    if (digits.empty() || digits.front() == '-') return std::nullopt;
    return parse_int64(digits);
}

void read_sums(const pqxx::row& row, const std::string& prefix, ledger::usage_totals& usage) {
    for (const auto& figure : summed_figures) {
        const auto& field = row[prefix + figure.name];
        if (field.is_null()) {
            usage.*figure.field = 0;
        } else if (auto sum = sum_within_int64(std::string_view(field.c_str(), field.size()))) {
            usage.*figure.field = *sum;
        } else {
            usage.*figure.field = 0;
            usage.sums_past_int64.emplace_back(figure.name);
        }
    }
    const auto& invalid = row[prefix + "invalid_messages"];
    usage.invalid_messages = invalid.is_null() ? 0 : invalid.as<std::int64_t>();
}

invalid_ids_by_group read_invalid_ids(pqxx::transaction_base& tx, const invalid_ids_request& request) {
    invalid_ids_by_group ids;
    auto rows = tx.exec_params(std::string(query("report_invalid_messages")), request.since_param,
                               request.until_param, request.search_pattern, request.user_id, request.grouping,
                               request.timezone);
    for (const auto& row : rows) {
        std::optional<std::string> key;
        if (!row["group_key"].is_null()) key = row["group_key"].as<std::string>();
        ids[key].push_back(row["id"].as<std::int64_t>());
    }
    return ids;
}

std::vector<std::int64_t> ids_of(const invalid_ids_by_group& ids, const std::optional<std::string>& key) {
    auto found = ids.find(key);
    return found == ids.end() ? std::vector<std::int64_t>{} : found->second;
}

std::vector<std::int64_t> first_ids(const invalid_ids_by_group& ids) {
    std::vector<std::int64_t> all;
    for (const auto& [key, group_ids] : ids) all.insert(all.end(), group_ids.begin(), group_ids.end());
    std::sort(all.begin(), all.end());
    if (all.size() > ledger::invalid_ids_per_group) all.resize(ledger::invalid_ids_per_group);
    return all;
}

}  // namespace chatcost::db
