#pragma once
// The attach function of every command; the list itself is cli/command_list.cpp.

#include "cmd/command.hpp"

namespace chatcost::commands {

void attach_db(CLI::App& parent, runner& selected);
void attach_demo(CLI::App& parent, runner& selected);
void attach_backfill(CLI::App& parent, runner& selected);
void attach_budget(CLI::App& parent, runner& selected);
void attach_budget_check(CLI::App& parent, runner& selected);  // after attach_budget: joins `budget`
void attach_estimate(CLI::App& parent, runner& selected);
void attach_explain(CLI::App& parent, runner& selected);
void attach_ledger(CLI::App& parent, runner& selected);
void attach_export(CLI::App& parent, runner& selected);
void attach_migrate(CLI::App& parent, runner& selected);
void attach_migrate_checks(CLI::App& parent, runner& selected);  // after attach_migrate: joins `migrate`
void attach_prices(CLI::App& parent, runner& selected);
void attach_prices_custom(CLI::App& parent, runner& selected);   // after attach_prices: joins `prices`
void attach_prices_history(CLI::App& parent, runner& selected);  // after attach_prices: joins `prices`
void attach_rollup(CLI::App& parent, runner& selected);
void attach_seed(CLI::App& parent, runner& selected);
void attach_summary(CLI::App& parent, runner& selected);
void attach_unpriced(CLI::App& parent, runner& selected);

}  // namespace chatcost::commands
