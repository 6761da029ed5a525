// The bench programs' main(): runs `body` and turns an escaping exception into a message
// on stderr and exit status 1, so bench/run.mjs reports why a part failed.
#pragma once

#include <exception>
#include <iostream>

namespace sotay {

inline int RunBenchMain(const char* program, int (*body)(int, char**), int argc, char** argv) {
  try {
    return body(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << program << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace sotay
