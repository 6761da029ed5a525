// The process's limit on open files (RLIMIT_NOFILE) against what the server needs.
//
// Every connection is a file descriptor; a server started with the common soft limit of
// 1,024 runs out of them (and stops accepting anyone) long before its connection cap.
#pragma once

#include <cstdint>

#include "core/status.h"

namespace sotay {

// Raises the soft limit to `needed` when it is lower (up to the hard limit, which only
// root may raise). Fails with "file_limit" when the hard limit is below `needed`, the
// message saying how to fix it (ulimit -n, LimitNOFILE= of systemd, or a lower
// --max-connections).
Status EnsureFileLimit(uint64_t needed);

}  // namespace sotay
