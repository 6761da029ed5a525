// Command line of sotay-server: `sotay-server <subcommand> [options]`.
//
// Each subcommand lives in its own file and contributes itself with a registration
// function (RegisterServeCommand, ...) that commands.cc calls; adding one touches no
// shared switch.
//
// Rules (docs/protocol.md "Operations"):
//   exit 0  success; `--help` (or -h) on the top level or after any subcommand prints
//           help on stdout, whatever else is on the line;
//   exit 2  wrong usage: no or unknown subcommand, unknown option, missing value or
//           required option, an option given twice that is not repeatable, a
//           positional argument, or a value the command refuses with UsageError();
//           stderr gets the reason, the usage line and a pointer to --help;
//   exit 1  any other failure: one line "sotay-server <cmd>: <vi> / <en>" on stderr.
// Options are `--name value` or `--name=value`; flags take no value; repeatable options
// keep every value in order (`--group A --group B`). A value may not start with "--"
// unless written as `--name=--value`.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace sotay {

struct OptionSpec {
  std::string name;        // without dashes: "db"
  std::string value_name;  // shown in help: "PATH"; empty for a flag
  std::string help;
  bool required = false;
  bool repeatable = false;
};

// Parsed options of one subcommand invocation.
class ParsedArgs {
 public:
  bool Has(std::string_view name) const { return values_.find(name) != values_.end(); }
  // The value (the last one for a repeatable option), or `fallback` when absent. A flag
  // that is present has the value "".
  std::string Get(std::string_view name, std::string_view fallback = {}) const;
  // Every value given, in order; empty when absent.
  std::vector<std::string> GetAll(std::string_view name) const;

  void Add(const std::string& name, std::string value) {
    values_[name].push_back(std::move(value));
  }

 private:
  std::map<std::string, std::vector<std::string>, std::less<>> values_;
};

// Where a command reads and writes; main passes std::cin/cout/cerr, tests string streams.
struct CommandIo {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string name;     // "serve"
  std::string summary;  // one line for the top-level help
  std::vector<OptionSpec> options;
  // Returns Ok (exit 0), a UsageError (exit 2) or another failure (exit 1).
  std::function<Status(const ParsedArgs&, CommandIo&)> run;
};

// A failure that means "wrong usage" (code "usage"): the registry exits with 2.
Status UsageError(std::string message_vi, std::string message_en);

// Parses `args` (the words after the subcommand) against `specs`; failures are usage
// errors naming the option.
Result<ParsedArgs> ParseOptions(const std::vector<OptionSpec>& specs,
                                const std::vector<std::string>& args);

// Value parsers for options; failures are usage errors naming `option`.
// Integer in [min, max].
Result<int64_t> ParseIntOption(std::string_view option, std::string_view text, int64_t min,
                               int64_t max);
// Duration with a unit: "90s", "30m", "72h", "7d" -> seconds (> 0).
Result<int64_t> ParseDurationOption(std::string_view option, std::string_view text);
// Byte count: "1048576", "512K", "8M", "8MiB", "1G" (binary multiples) -> bytes (> 0).
Result<uint64_t> ParseSizeOption(std::string_view option, std::string_view text);

class CommandRegistry {
 public:
  explicit CommandRegistry(std::string program = "sotay-server") : program_(std::move(program)) {}

  // Adds a subcommand; a repeated name replaces the earlier one.
  void Add(Command command);
  const Command* Find(std::string_view name) const;

  // Runs the words after the program name; returns the exit status (0, 1 or 2).
  int Run(const std::vector<std::string>& args, CommandIo& io) const;

  // "usage: sotay-server serve --db PATH [--host HOST] ..."
  std::string UsageLine(const Command& command) const;

 private:
  void PrintTopHelp(std::ostream& out) const;
  void PrintCommandHelp(const Command& command, std::ostream& out) const;
  int UsageFailure(const Command* command, const Status& error, std::ostream& err) const;

  std::string program_;
  std::map<std::string, Command, std::less<>> commands_;
};

}  // namespace sotay
