// Writes made by the server itself (the office's edits): field values of one record
// pushed through the sync apply path (sync/server_apply.h) as device "server", so they
// get HLCs, a place in the change log (devices pull them), the push's checks and the
// indicator facts refresh, like any phone's write.
#pragma once

#include <string>
#include <vector>

#include "core/record.h"
#include "server/services.h"
#include "sync/server_apply.h"

namespace sotay {

struct FieldWrite {
  std::string field;
  Json value;  // null clears the field
};

struct ServerWriteOutcome {
  PushOutcome push;
  std::vector<std::string> hlcs;  // the HLC of each write, in order
};

// Applies `writes` to `record` (its id, type, group and parent; its current fields
// give each change's base_hlc) as one push from the server node. Each write's HLC is
// past the field's stored one, so the server's write wins. Runs with sv.writer_mu held.
// A rejected change is reported in the push's results, not as a failed Status.
Result<ServerWriteOutcome> ApplyServerWrites(ServerServices& sv, const Record& record,
                                             const std::vector<FieldWrite>& writes);

}  // namespace sotay
