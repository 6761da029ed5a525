// sotay-server: one binary, many subcommands (see cli.h and commands.cc).
#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "server/commands.h"

int main(int argc, char** argv) {
  // A peer closing its connection must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  sotay::CommandRegistry registry("sotay-server");
  sotay::RegisterAllCommands(registry);
  std::vector<std::string> args(argv + 1, argv + argc);
  sotay::CommandIo io{std::cin, std::cout, std::cerr};
  return registry.Run(args, io);
}
