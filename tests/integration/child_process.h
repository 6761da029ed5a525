// Running sotay-server as a child process in tests: one-shot commands (CLI exit codes)
// and a background `serve` that a test can signal.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace sotay::testing {

struct ProcessResult {
  int exit_code = -1;  // -N when killed by signal N
  std::string out;
  std::string err;
};

// Runs argv (argv[0] is the program path) with empty stdin; waits at most `timeout`
// (then kills it and reports exit_code -9).
ProcessResult RunProcess(const std::vector<std::string>& argv,
                         std::chrono::milliseconds timeout = std::chrono::seconds(30));

// A background process whose stdout is read line by line.
class ChildProcess {
 public:
  // Starts argv; throws std::runtime_error when it cannot.
  explicit ChildProcess(const std::vector<std::string>& argv);
  // Kills the process if it still runs.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // The next line of stdout without its newline; "" on EOF or timeout.
  std::string ReadLine(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  void Signal(int signal_number);
  // Waits for the exit; returns the exit code, -N when killed by signal N, or -1000 on
  // timeout (the process is then killed).
  int WaitExit(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string pending_;
  bool exited_ = false;
};

// Parses the port out of "listening on http://HOST:PORT"; 0 when the line is not that.
uint16_t PortFromListeningLine(const std::string& line);

}  // namespace sotay::testing
