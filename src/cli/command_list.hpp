#pragma once

#include <span>

#include "cmd/command.hpp"

namespace chatcost::cli {

// Every command of chatcost, in the order --help lists them.
std::span<const commands::attach_fn> command_list();

}  // namespace chatcost::cli
