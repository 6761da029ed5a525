// Writes made by the server itself (an office decision, a trainer's injected change):
// new versions of record fields, applied through the sync apply path so they are
// validated like any push and logged for devices to pull.
#pragma once

#include <string>
#include <vector>

#include "core/record.h"
#include "core/status.h"
#include "server/services.h"
#include "sync/server_apply.h"

namespace sotay {

// A new value for one field of a stored record: the record's identity and the field's
// stored version (its HLC, the change's base), not a copy of the whole record.
struct FieldWrite {
  std::string record_id;
  std::string record_type;
  std::string group_id;
  std::string parent_id;
  std::string field;
  Json value;
  std::string base_hlc;  // the field's stored version; empty when it has none
};

// The write of `value` to `field` of `record`, as stored now.
FieldWrite FieldWriteOf(const Record& record, std::string field, Json value);

struct ServerWriteOutcome {
  PushOutcome push;
  std::vector<std::string> hlcs;  // the HLC of each write, in order
};

// Applies `writes` as one push of node "server" (one transaction). Each change's base is
// the field's stored version and its HLC is newer than it, so the server's write wins.
// Per-write outcomes are in push.response.results, in order (a rejected value
// is reported there, not as an error). `user` is the office user (or trainer) behind
// the writes, named in the record history. The caller holds sv.writer_mu.
Result<ServerWriteOutcome> WriteFieldsAsServer(ServerServices& sv,
                                               const std::vector<FieldWrite>& writes,
                                               std::string_view user);

}  // namespace sotay
