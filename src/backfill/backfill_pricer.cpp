#include "backfill/backfill_pricer.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <string_view>

#include <pqxx/pqxx>

#include "cost/price_resolution.hpp"

namespace chatcost::db {

namespace {

// Columns of backfill_read_pending.sql and backfill_read_recompute.sql, by position.
enum column : int {
    c_id,
    c_version,
    c_config,
    c_input,
    c_output,
    c_reasoning,
    c_cache_read,
    c_cache_creation,
    c_cost,
    c_created,  // epoch microseconds
    c_ref
};

std::optional<std::int64_t> optional_int(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional(field.as<std::int64_t>());
}

std::uint32_t row_version(const pqxx::field& field) {
    std::uint32_t version = 0;
    std::string_view text(field.c_str(), field.size());
    std::from_chars(text.data(), text.data() + text.size(), version);
    return version;
}

}  // namespace

backfill_pricer::backfill_pricer(pqxx::connection& connection, bool writing)
    : connection_(connection), writing_(writing) {
    reload();
}

priced_batch backfill_pricer::price(const pqxx::result& rows) {
    priced_batch batch;
    batch.tally.rows_scanned = static_cast<std::int64_t>(rows.size());
    batch.tally.batches = 1;
    batch.writes.reserve(rows.size());
    bool reloaded = false;
    for (const auto& row : rows) {
        const priced_config* config = nullptr;
        if (!row[c_config].is_null()) {
            std::string_view id(row[c_config].c_str(), row[c_config].size());
            config = catalog_.find(id);
            if (!config && !reloaded) {  // a config created since the run began
                reload();
                reloaded = true;
                config = catalog_.find(id);
            }
        }
        price_row(row, config, batch);
    }
    return batch;
}

void backfill_pricer::reload() {
    pqxx::nontransaction tx(connection_);
    catalog_ = price_catalog::load(tx);
    catalog_.register_refs(tx, writing_);
}

void backfill_pricer::price_row(const pqxx::row& row, const priced_config* config, priced_batch& batch) {
    cost::token_usage usage{optional_int(row[c_input]), optional_int(row[c_output]),
                            optional_int(row[c_reasoning]), optional_int(row[c_cache_read]),
                            optional_int(row[c_cache_creation])};
    const price_option* option = config ? config->at(row[c_created].as<std::int64_t>()).option : nullptr;
    const auto& resolution = option ? option->resolution : price_catalog::no_config();
    // The fast path: only the total and the status are stored, so the explain-grade breakdown
    // (price_with) is made only for an invalid row, whose reason the run reports.
    const auto total = cost::total_cost(usage, resolution);
    const auto id = row[c_id].as<std::int64_t>();
    const auto stored = optional_int(row[c_cost]);
    const auto stored_ref = optional_int(row[c_ref]);
    auto& tally = batch.tally;
    std::optional<std::int64_t> after = stored;  // what the row holds once we are done
    std::optional<std::int64_t> after_ref = stored_ref;
    if (total.status == cost::cost_status::invalid) {
        ++tally.rows_invalid;
        auto explained = cost::price_with(usage, resolution);
        const auto* invalid = explained.invalid();
        // price_with agrees with the fast path (test_cost_total_cost.cpp): the fallback is never shown.
        std::string reason = invalid ? invalid->reason : "the cost engine refused this message";
        // The config's own error, or one of the message's data (which the engine checks first).
        bool config_error =
            resolution.status == cost::resolution_status::invalid && reason == resolution.error;
        tally.problems[{config ? config->id : "", config_error ? "config" : "message"}].add(
            {1, id, std::move(reason)});
    } else {
        after = total.stored();
        after_ref.reset();
        if (total.status == cost::cost_status::priced) {
            ++tally.rows_priced;
            // The level that priced it, found as total_cost found it.
            after_ref = option->ref_for(resolution.schedule.level_for(cost::context_tokens(usage)));
        }
        if (total.status == cost::cost_status::unpriced) ++tally.unpriced(total.reason);
    }
    // No cost before or after: nothing to add to a model's sums (nor a ref to change).
    if (!stored && !after && stored_ref == after_ref) return;
    auto& entry =
        *tally.by_model.try_emplace(config ? model_key{config->provider, config->model} : model_key{}).first;
    auto& model = entry.second;
    ++model.rows;
    model.old_cost += stored.value_or(0);
    model.new_cost += after.value_or(0);
    if (after == stored && after_ref == stored_ref) {
        if (total.status == cost::cost_status::priced) ++tally.rows_unchanged;
        return;
    }
    ++model.rows_written;
    ++tally.rows_written;
    batch.writes.push_back(
        {id, row_version(row[c_version]), stored, after, stored_ref, after_ref, &entry.first});
}

backfill_tally count_skipped(const priced_batch& batch, const pqxx::field& skipped_ids) {
    backfill_tally tally = batch.tally;
    auto ids = skipped_ids.as_array();
    for (auto element = ids.get_next(); element.first != pqxx::array_parser::done; element = ids.get_next()) {
        if (element.first != pqxx::array_parser::string_value) continue;
        auto id = std::stoll(element.second);
        auto found =
            std::lower_bound(batch.writes.begin(), batch.writes.end(), id,
                             [](const write_entry& entry, std::int64_t wanted) { return entry.id < wanted; });
        if (found == batch.writes.end() || found->id != id) continue;
        auto& model = tally.by_model[*found->model];
        model.rows_written -= 1;
        model.new_cost += found->old_cost.value_or(0) - found->new_cost.value_or(0);
        tally.rows_written -= 1;
        tally.rows_skipped += 1;
    }
    return tally;
}

}  // namespace chatcost::db
