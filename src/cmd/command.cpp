#include "cmd/command.hpp"

namespace chatcost::commands {

CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& purpose,
                      const std::string& examples) {
    auto* command = parent.add_subcommand(name, purpose);
    command->footer("\nExamples:\n" + examples);
    return command;
}

}  // namespace chatcost::commands
