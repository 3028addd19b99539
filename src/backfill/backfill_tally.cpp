#include "backfill/backfill_tally.hpp"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace chatcost::db {

std::string to_decimal_text(cost_sum sum) {
    if (sum == 0) return "0";
    bool negative = sum < 0;
    // The magnitude as unsigned, so that the most negative value has one too.
    auto magnitude =
        negative ? ~static_cast<cost::exact_units>(sum) + 1 : static_cast<cost::exact_units>(sum);
    std::string digits;
    while (magnitude != 0) {
        digits.push_back(static_cast<char>('0' + static_cast<int>(magnitude % 10)));
        magnitude /= 10;
    }
    if (negative) digits.push_back('-');
    std::reverse(digits.begin(), digits.end());
    return digits;
}

cost_sum parse_cost_sum(std::string_view text) {
    bool negative = !text.empty() && text.front() == '-';
    if (negative) text.remove_prefix(1);
    if (text.empty() || text.size() > 38)
        throw std::invalid_argument("not a whole number: " + std::string(text));
    cost_sum value = 0;
    for (char c : text) {
        if (c < '0' || c > '9') throw std::invalid_argument("not a whole number: " + std::string(text));
        value = value * 10 + (c - '0');
    }
    return negative ? -value : value;
}

void model_tally::add(const model_tally& other) {
    rows += other.rows;
    rows_written += other.rows_written;
    old_cost += other.old_cost;
    new_cost += other.new_cost;
}

void problem_tally::add(const problem_tally& other) {
    if (rows == 0 || other.first_message_id < first_message_id) {
        first_message_id = other.first_message_id;
        reason = other.reason;
    }
    rows += other.rows;
}

std::int64_t backfill_tally::unpriced_total() const {
    return std::accumulate(rows_unpriced.begin(), rows_unpriced.end(), std::int64_t{0});
}

void backfill_tally::add(const backfill_tally& other) {
    rows_scanned += other.rows_scanned;
    rows_priced += other.rows_priced;
    rows_written += other.rows_written;
    rows_unchanged += other.rows_unchanged;
    rows_invalid += other.rows_invalid;
    rows_skipped += other.rows_skipped;
    for (std::size_t i = 0; i < rows_unpriced.size(); ++i) rows_unpriced[i] += other.rows_unpriced[i];
    batches += other.batches;
    for (const auto& [key, tally] : other.by_model) by_model[key].add(tally);
    for (const auto& [key, tally] : other.problems) problems[key].add(tally);
}

}  // namespace chatcost::db
