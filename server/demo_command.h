// `sotay-server demo`: fills a database with the synthetic ward of demo_ward.h.
#pragma once

#include "server/cli.h"

namespace sotay {

void RegisterDemoCommand(CommandRegistry& registry);

}  // namespace sotay
