#include "ledger/ledger_store.hpp"

#include <fmt/format.h>
#include <pqxx/pqxx>

#include "db/embedded_sql.hpp"
#include "db/field_values.hpp"

namespace chatcost::db {

namespace {

std::string timeout_text(std::chrono::milliseconds value) {
    return fmt::format("{}ms", value.count());
}

}  // namespace

ledger_state read_ledger_state(pqxx::connection& connection) {
    pqxx::read_transaction tx(connection, "ledger status");
    auto row = tx.exec1(std::string(query("ledger_status")));
    ledger_state state;
    state.built_before = row["built_before"].as<std::string>();
    state.refreshed_at = optional_text(row["refreshed_at"]);
    state.pending_changes = row["pending_changes"].as<std::int64_t>();
    if (!row["ledger_rows_estimate"].is_null())
        state.ledger_rows_estimate = row["ledger_rows_estimate"].as<std::int64_t>();
    tx.commit();
    return state;
}

void apply_ledger_refresh_settings(pqxx::connection& connection, std::chrono::milliseconds statement_timeout,
                                   std::chrono::milliseconds lock_timeout) {
    pqxx::nontransaction tx(connection, "ledger settings");
    tx.exec_params(std::string(query("ledger_session_settings")), timeout_text(statement_timeout),
                   timeout_text(lock_timeout));
}

ledger_horizon take_ledger_horizon(pqxx::connection& connection) {
    pqxx::nontransaction tx(connection, "ledger horizon");
    auto row = tx.exec1(std::string(query("ledger_horizon")));
    return {row["horizon"].as<std::string>(), row["open_transactions"].as<std::string>()};
}

open_transactions read_open_transactions(pqxx::connection& connection, const ledger_horizon& horizon) {
    pqxx::nontransaction tx(connection, "ledger open transactions");
    auto row = tx.exec_params1(std::string(query("ledger_open_transactions")), horizon.open_transactions);
    open_transactions open;
    open.count = row["still_open"].as<std::int64_t>();
    if (!row["oldest_pid"].is_null()) open.oldest_pid = row["oldest_pid"].as<std::int64_t>();
    open.oldest_start = optional_text(row["oldest_start"]);
    return open;
}

std::string next_ledger_chunk(pqxx::connection& connection, std::int64_t chunk_hours,
                              const ledger_horizon& horizon) {
    pqxx::nontransaction tx(connection, "ledger next chunk");
    return tx
        .exec_params1(std::string(query("ledger_next_chunk")), fmt::format("{} hours", chunk_hours),
                      horizon.at)[0]
        .as<std::string>();
}

ledger_step run_ledger_step(pqxx::connection& connection, const std::string& build_until,
                            std::int64_t fold_limit) {
    pqxx::work tx(connection, "ledger refresh step");
    auto row = tx.exec_params1(std::string(query("ledger_refresh_step")), build_until, fold_limit);
    ledger_step step{row["built_before"].as<std::string>(), row["folded_changes"].as<std::int64_t>(),
                     row["superseded_changes"].as<std::int64_t>(), row["written_rows"].as<std::int64_t>(),
                     row["built_hours"].as<std::int64_t>()};
    tx.commit();
    return step;
}

void vacuum_ledger_changes(pqxx::connection& connection) {
    pqxx::nontransaction tx(connection, "ledger vacuum");
    tx.exec(std::string(query("ledger_vacuum_changes")));
}

std::int64_t prune_ledger(pqxx::connection& connection) {
    pqxx::work tx(connection, "ledger prune");
    auto pruned = tx.exec(std::string(query("ledger_prune")));
    tx.commit();
    return static_cast<std::int64_t>(pruned.affected_rows());
}

namespace {

// Waits until none of the transactions open at the horizon is: then the hours before the horizon
// (less the margin) can be built. False when `wait` passed first (outcome.held_back says who) or
// an interrupt came.
bool wait_for_horizon(pqxx::connection& connection, const ledger_horizon& horizon,
                      std::chrono::milliseconds wait, const interrupt_guard& interrupts,
                      ledger_refresh_outcome& outcome) {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    auto pause = std::chrono::milliseconds(5);
    while (true) {
        auto open = read_open_transactions(connection, horizon);
        if (open.count == 0) return true;
        if (std::chrono::steady_clock::now() >= deadline) {
            outcome.held_back = open;
            return false;
        }
        if (!interrupts.sleep_for(pause)) return false;
        pause = std::min(pause * 2, std::chrono::milliseconds(200));
    }
}

}  // namespace

ledger_refresh_outcome refresh_ledger(pqxx::connection& connection, const ledger_refresh_settings& settings,
                                      const interrupt_guard& interrupts,
                                      const ledger_step_observer& on_step) {
    const auto started = std::chrono::steady_clock::now();
    ledger_refresh_outcome outcome;
    outcome.built_before_at_start = read_ledger_state(connection).built_before;
    outcome.built_before = outcome.built_before_at_start;
    const auto horizon = take_ledger_horizon(connection);
    const bool may_build =
        wait_for_horizon(connection, horizon, settings.transaction_wait, interrupts, outcome);
    // Once everything is built: the changes pending then, which this run folds at most. Under a
    // steady stream of writes every step may fold a full batch; newer changes wait for the next
    // run (readers add them meanwhile), so that a run always ends.
    std::optional<std::int64_t> left_to_fold;
    while (true) {
        if (interrupts.requested()) {
            outcome.interrupted = true;
            break;
        }
        const auto build_until = may_build ? next_ledger_chunk(connection, settings.chunk_days * 24, horizon)
                                           : outcome.built_before;
        const bool building = build_until != outcome.built_before;
        auto step = run_ledger_step(connection, build_until, settings.fold_limit);
        ++outcome.steps;
        outcome.built_before = step.built_before;
        outcome.folded_changes += step.folded_changes;
        outcome.superseded_changes += step.superseded_changes;
        outcome.written_rows += step.written_rows;
        outcome.built_hours += step.built_hours;
        if (on_step) on_step(step);
        if (building) continue;
        // A full fold batch may have left more changes behind: another step takes them.
        if (step.folded_changes < settings.fold_limit) break;
        if (!left_to_fold) left_to_fold = read_ledger_state(connection).pending_changes + step.folded_changes;
        if ((*left_to_fold -= step.folded_changes) <= 0) break;
    }
    if (!outcome.interrupted) outcome.pruned_rows = prune_ledger(connection);
    if (outcome.folded_changes + outcome.superseded_changes > 0) vacuum_ledger_changes(connection);
    outcome.elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    return outcome;
}

}  // namespace chatcost::db
