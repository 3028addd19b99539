#include "cmd/command.hpp"

namespace chatcost::commands {

CLI::App* add_command(CLI::App& parent, const std::string& name, const std::string& purpose,
                      const std::string& examples) {
    auto* command = parent.add_subcommand(name, purpose);
    command->footer("\nExamples:\n" + examples);
    return command;
}

void bind_run(CLI::App& command, runner& selected, outcome (*run)(context&)) {
    command.callback([&command, &selected, run] {
        if (command.get_subcommands().empty()) selected = run;
    });
}

}  // namespace chatcost::commands
