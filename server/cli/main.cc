// sotay-server: one binary, many subcommands (see cli.h and commands.cc).
#include <sys/stat.h>

#include <csignal>
#include <iostream>
#include <string>
#include <vector>

#include "server/cli/commands.h"

int main(int argc, char** argv) {
  // A peer closing its connection must not kill the server.
  std::signal(SIGPIPE, SIG_IGN);
  // Everything this program creates (database, WAL, backups, training sandboxes) holds
  // personal data: owner only (files 0600, folders 0700), whatever umask it inherits.
  ::umask(077);
  sotay::CommandRegistry registry("sotay-server");
  sotay::RegisterAllCommands(registry);
  std::vector<std::string> args(argv + 1, argv + argc);
  sotay::CommandIo io{std::cin, std::cout, std::cerr};
  return registry.Run(args, io);
}
