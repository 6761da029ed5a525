#include "core/version.h"

namespace sotay {

const char* CoreVersion() { return "0.1.0"; }

}  // namespace sotay
