// Version of the Sổ tay core, shared by the server and the phone client.
#pragma once

namespace sotay {

// Semantic version of the core; reported by /healthz and the client's about screen.
const char* CoreVersion();

}  // namespace sotay
