// Writes made by the server itself (an office decision, a trainer's injected change):
// new versions of record fields, applied through the sync apply path so they are
// validated like any push and logged for devices to pull.
#pragma once

#include <string>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "server/ward/services.h"
#include "sync/merge.h"
#include "sync/server_apply.h"

namespace sotay {

struct ServerWriteOutcome {
  PushOutcome push;
  std::vector<std::string> hlcs;  // the HLC of each write, in order
};

// Applies `writes` (each made by ServerWriteOf, sync/merge.h: the field's stored
// version as its base) as one push of node "server" (one transaction), each stamped
// with an HLC newer than its base, so the server's write wins.
// Per-write outcomes are in push.response.results, in order (a rejected value
// is reported there, not as an error). `user` is the office user (or trainer) behind
// the writes, named in the record history. Written through the caller's lease of the
// writer, so what it read before decides what is written.
Result<ServerWriteOutcome> WriteFieldsAsServer(ServerServices& sv,
                                               ServerServices::WriterLease& writer,
                                               std::vector<Change> writes, std::string_view user);

}  // namespace sotay
