// `sotay-server demo`: fills a database with the synthetic ward of demo_ward.h.
#pragma once

#include <cstdint>
#include <string>

#include "server/cli/cli.h"

namespace sotay {

void RegisterDemoCommand(CommandRegistry& registry);

// The progress line `demo` writes on stderr while it runs, e.g.
// "demo: 12000 / 1500000 households (0.8 %), 412 households/s, about 1 h 00 min left".
// `seconds` is the time since the start; no rate or estimate before any household.
std::string DemoProgressLine(int64_t done, int64_t total, double seconds);

}  // namespace sotay
