#include "cli/command_list.hpp"

#include "commands/commands.hpp"

namespace chatcost::cli {

std::span<const commands::attach_fn> command_list() {
    static constexpr commands::attach_fn list[] = {
        commands::attach_db,
        commands::attach_estimate,
    };
    return list;
}

}  // namespace chatcost::cli
