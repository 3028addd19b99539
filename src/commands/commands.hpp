#pragma once
// The attach function of every command; the list itself is cli/command_list.cpp.

#include "commands/command.hpp"

namespace chatcost::commands {

void attach_db(CLI::App& parent, runner& selected);
void attach_estimate(CLI::App& parent, runner& selected);

}  // namespace chatcost::commands
