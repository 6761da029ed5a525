#include "server/server_write.h"

#include "core/hlc.h"
#include "sync/wire.h"

namespace sotay {

Result<ServerWriteOutcome> ApplyServerWrites(ServerServices& sv, const Record& record,
                                             const std::vector<FieldWrite>& writes) {
  Result<int64_t> seq = sv.writer().MaxDeviceSeq(kServerNode);
  if (!seq.ok()) return seq.status();
  ServerWriteOutcome out;
  std::vector<Change> changes;
  int64_t next_seq = *seq;
  for (const FieldWrite& w : writes) {
    Change change;
    change.device_seq = ++next_seq;
    change.record_id = record.id;
    change.record_type = record.type;
    change.group_id = record.group_id;
    change.parent_id = record.parent_id;
    change.field = w.field;
    change.value = w.value;
    auto current = record.fields.find(w.field);
    if (current != record.fields.end()) {
      change.base_hlc = current->second.hlc;
      // The server's write must win over the field as it is now, even after a restart.
      Result<Hlc> seen = Hlc::Parse(current->second.hlc);
      if (seen.ok()) (void)sv.hlc().Restore(*seen);
    }
    change.hlc = sv.hlc().Now().ToString();
    out.hlcs.push_back(change.hlc);
    changes.push_back(std::move(change));
  }
  DeviceScope server{std::string(kServerNode), "admin", {}};
  Result<PushOutcome> push = sv.sync().ApplyPush(server, EncodePushBody(changes));
  if (!push.ok()) return push.status();
  out.push = std::move(push).value();
  return out;
}

}  // namespace sotay
