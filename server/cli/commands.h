// The subcommands of sotay-server. Each lives in its own file and registers itself
// here; add yours by declaring its Register function and calling it in commands.cc.
#pragma once

#include "server/cli/cli.h"

namespace sotay {

void RegisterServeCommand(CommandRegistry& registry);  // serve_command.cc

// Registers every subcommand (main and the CLI tests call this).
void RegisterAllCommands(CommandRegistry& registry);

}  // namespace sotay
