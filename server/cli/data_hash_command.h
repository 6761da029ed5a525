// `sotay-server data-hash --db DB`: prints a fingerprint of the ward's data (data_hash.h)
// and the tables it covers; equal output before and after proves nothing changed.
#pragma once

#include "server/cli/cli.h"

namespace sotay {

void RegisterDataHashCommand(CommandRegistry& registry);

}  // namespace sotay
