#include "backfill/backfill_run_store.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"
#include "db/sql_array.hpp"
#include "util/failure.hpp"

namespace chatcost::db {

namespace {

using cost::unpriced_reason;

// The counters shared by backfill_run_resume.sql and backfill_runs_recent.sql.
backfill_tally read_counts(const pqxx::row& row) {
    backfill_tally tally;
    tally.rows_scanned = row["rows_scanned"].as<std::int64_t>();
    tally.rows_priced = row["rows_priced"].as<std::int64_t>();
    tally.rows_written = row["rows_written"].as<std::int64_t>();
    tally.rows_unchanged = row["rows_unchanged"].as<std::int64_t>();
    tally.unpriced(unpriced_reason::no_model_config) =
        row["rows_unpriced_no_model_config"].as<std::int64_t>();
    tally.unpriced(unpriced_reason::no_prices) = row["rows_unpriced_no_prices"].as<std::int64_t>();
    tally.unpriced(unpriced_reason::no_matching_category) =
        row["rows_unpriced_no_matching_category"].as<std::int64_t>();
    tally.rows_invalid = row["rows_invalid"].as<std::int64_t>();
    tally.rows_skipped = row["rows_skipped"].as<std::int64_t>();
    tally.batches = row["batches"].as<std::int64_t>();
    return tally;
}

// A resumed run's per-model sums and problems, so that its summary covers all of its work.
void read_details(pqxx::transaction_base& tx, std::int64_t run_id, backfill_tally& tally) {
    for (const auto& row : tx.exec_params(std::string(query("backfill_run_models")), run_id)) {
        auto& model = tally.by_model[{row["provider"].c_str(), row["model"].c_str()}];
        model.rows = row["rows"].as<std::int64_t>();
        model.rows_written = row["rows_written"].as<std::int64_t>();
        model.old_cost = parse_cost_sum(row["old_cost_micros"].c_str());
        model.new_cost = parse_cost_sum(row["new_cost_micros"].c_str());
    }
    for (const auto& row : tx.exec_params(std::string(query("backfill_run_problems")), run_id)) {
        auto& problem = tally.problems[{row["model_config_id"].c_str(), row["kind"].c_str()}];
        problem.rows = row["rows"].as<std::int64_t>();
        problem.first_message_id = row["first_message_id"].as<std::int64_t>();
        problem.reason = row["reason"].c_str();
    }
}

backfill_run resume(pqxx::transaction_base& tx, std::int64_t run_id, const id_range& ids) {
    auto row = tx.exec_params1(std::string(query("backfill_run_resume")), run_id, ids.last_id);
    backfill_run run;
    run.id = run_id;
    run.resumed = true;
    run.ids = {row["first_id"].as<std::int64_t>(), row["last_id"].as<std::int64_t>()};
    run.cursor_id = row["cursor_id"].as<std::int64_t>();
    run.tally = read_counts(row);
    run.longest_batch_ms = row["longest_batch_ms"].as<std::int64_t>();
    read_details(tx, run_id, run.tally);
    return run;
}

backfill_run start(pqxx::transaction_base& tx, const backfill_scope& scope, const id_range& ids) {
    auto row = tx.exec_params1(std::string(query("backfill_run_start")), std::string(name(scope.mode)),
                               scope.since, scope.until, ids.first_id, ids.last_id);
    backfill_run run;
    run.id = row["id"].as<std::int64_t>();
    run.ids = {row["first_id"].as<std::int64_t>(), row["last_id"].as<std::int64_t>()};
    run.cursor_id = row["cursor_id"].as<std::int64_t>();
    return run;
}

std::vector<std::string> sums_text(const std::vector<cost_sum>& sums) {
    std::vector<std::string> out;
    out.reserve(sums.size());
    for (auto sum : sums) out.push_back(to_decimal_text(sum));
    return out;
}

void record_models(pqxx::transaction_base& tx, std::int64_t run_id, const backfill_tally& batch) {
    std::vector<std::string> providers, models;
    std::vector<std::int64_t> rows, written;
    std::vector<cost_sum> old_costs, new_costs;
    for (const auto& [key, model] : batch.by_model) {
        providers.push_back(key.first);
        models.push_back(key.second);
        rows.push_back(model.rows);
        written.push_back(model.rows_written);
        old_costs.push_back(model.old_cost);
        new_costs.push_back(model.new_cost);
    }
    auto old_text = sums_text(old_costs), new_text = sums_text(new_costs);
    tx.exec_params0(std::string(query("backfill_run_record_models")), run_id, text_array(providers),
                    text_array(models), integer_array(rows), integer_array(written), text_array(old_text),
                    text_array(new_text));
}

void record_problems(pqxx::transaction_base& tx, std::int64_t run_id, const backfill_tally& batch) {
    std::vector<std::string> configs, kinds, reasons;
    std::vector<std::int64_t> rows, first_ids;
    for (const auto& [key, problem] : batch.problems) {
        configs.push_back(key.first);
        kinds.push_back(key.second);
        rows.push_back(problem.rows);
        first_ids.push_back(problem.first_message_id);
        reasons.push_back(problem.reason);
    }
    tx.exec_params0(std::string(query("backfill_run_record_problems")), run_id, text_array(configs),
                    text_array(kinds), integer_array(rows), integer_array(first_ids), text_array(reasons));
}

}  // namespace

std::string_view name(backfill_mode mode) noexcept {
    return mode == backfill_mode::recompute ? "recompute" : "backfill";
}

id_range read_id_range(pqxx::transaction_base& tx, const backfill_scope& scope) {
    auto row = tx.exec_params1(std::string(query("backfill_id_range")), scope.since, scope.until);
    return {row["first_id"].as<std::int64_t>(), row["last_id"].as<std::int64_t>()};
}

backfill_run open_backfill_run(pqxx::connection& connection, const backfill_scope& scope,
                               const id_range& ids) {
    pqxx::work tx(connection);
    std::optional<std::int64_t> resumable;
    for (const auto& row : tx.exec_params(std::string(query("backfill_run_unfinished")),
                                          std::string(name(scope.mode)), scope.since, scope.until)) {
        if (row["same_options"].as<bool>()) {
            resumable = row["id"].as<std::int64_t>();
            break;
        }
    }
    auto run = resumable ? resume(tx, *resumable, ids) : start(tx, scope, ids);
    tx.exec_params0(std::string(query("backfill_run_supersede")), run.id);
    tx.commit();
    return run;
}

void record_backfill_batch(pqxx::transaction_base& tx, std::int64_t run_id, std::int64_t cursor_id,
                           const backfill_tally& batch, std::int64_t longest_batch_ms) {
    auto updated = tx.exec_params(std::string(query("backfill_run_record_batch")), run_id, cursor_id,
                                  batch.rows_scanned, batch.rows_priced, batch.rows_written,
                                  batch.rows_unchanged, batch.unpriced(unpriced_reason::no_model_config),
                                  batch.unpriced(unpriced_reason::no_prices),
                                  batch.unpriced(unpriced_reason::no_matching_category), batch.rows_invalid,
                                  batch.rows_skipped, longest_batch_ms);
    if (updated.affected_rows() != 1) {
        // Only a process that ignored the backfill lock could have changed the run's state.
        throw failure(exit_code::internal, fmt::format("backfill run {} is no longer running", run_id),
                      "another process changed chatcost_backfill_runs; run 'chatcost backfill status'");
    }
    if (!batch.by_model.empty()) record_models(tx, run_id, batch);
    if (!batch.problems.empty()) record_problems(tx, run_id, batch);
}

void finish_backfill_run(pqxx::connection& connection, std::int64_t run_id, bool completed,
                         std::int64_t longest_batch_ms) {
    pqxx::nontransaction tx(connection);
    tx.exec_params0(std::string(query("backfill_run_finish")), run_id,
                    std::string(completed ? "completed" : "interrupted"), longest_batch_ms);
}

std::vector<backfill_run_row> recent_backfill_runs(pqxx::transaction_base& tx, std::int64_t limit) {
    std::vector<backfill_run_row> runs;
    for (const auto& row : tx.exec_params(std::string(query("backfill_runs_recent")), limit)) {
        backfill_run_row run;
        run.id = row["id"].as<std::int64_t>();
        run.mode = row["mode"].c_str();
        run.state = row["state"].c_str();
        run.since = optional_text(row["since_at"]);
        run.until = optional_text(row["until_at"]);
        run.ids = {row["first_id"].as<std::int64_t>(), row["last_id"].as<std::int64_t>()};
        run.cursor_id = row["cursor_id"].as<std::int64_t>();
        run.tally = read_counts(row);
        run.longest_batch_ms = row["longest_batch_ms"].as<std::int64_t>();
        run.started_at = row["started_at"].c_str();
        run.updated_at = row["updated_at"].c_str();
        run.finished_at = optional_text(row["finished_at"]);
        run.pid = row["pid"].is_null() ? std::nullopt : std::optional(row["pid"].as<std::int64_t>());
        run.application_name = row["application_name"].is_null() ? "" : row["application_name"].c_str();
        runs.push_back(std::move(run));
    }
    return runs;
}

std::set<problem_key> known_backfill_problems(pqxx::transaction_base& tx, backfill_mode mode,
                                              std::optional<std::int64_t> run_id,
                                              const std::map<problem_key, problem_tally>& problems) {
    std::set<problem_key> known;
    if (problems.empty()) return known;
    std::vector<std::string> configs, kinds, reasons;
    std::vector<std::int64_t> first_ids, rows;
    for (const auto& [key, problem] : problems) {
        configs.push_back(key.first);
        kinds.push_back(key.second);
        reasons.push_back(problem.reason);
        first_ids.push_back(problem.first_message_id);
        rows.push_back(problem.rows);
    }
    for (const auto& row :
         tx.exec_params(std::string(query("backfill_known_problems")), std::string(name(mode)), run_id,
                        text_array(configs), text_array(kinds), text_array(reasons), integer_array(first_ids),
                        integer_array(rows))) {
        known.emplace(row["model_config_id"].c_str(), row["kind"].c_str());
    }
    return known;
}

}  // namespace chatcost::db
