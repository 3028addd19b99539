#include "cli/command_list.hpp"

#include "commands/commands.hpp"

namespace chatcost::cli {

std::span<const commands::attach_fn> command_list() {
    static constexpr commands::attach_fn list[] = {
        commands::attach_db,
        commands::attach_migrate,
        commands::attach_migrate_checks,
        commands::attach_estimate,
        commands::attach_seed,
        commands::attach_prices,
        commands::attach_prices_custom,
        commands::attach_prices_history,
        commands::attach_summary,
        commands::attach_rollup,
        commands::attach_unpriced,
        commands::attach_budget,
        commands::attach_budget_check,
        commands::attach_backfill,
        commands::attach_ledger,
        commands::attach_explain,
        commands::attach_export,
        commands::attach_demo,
    };
    return list;
}

}  // namespace chatcost::cli
