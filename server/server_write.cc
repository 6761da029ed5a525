#include "server/server_write.h"

#include "core/hlc.h"

namespace sotay {

Result<ServerWriteOutcome> WriteFieldsAsServer(ServerServices& sv,
                                               const std::vector<FieldWrite>& writes,
                                               std::string_view user) {
  Result<int64_t> seq = sv.writer().MaxDeviceSeq(kServerNode);
  if (!seq.ok()) return seq.status();
  std::vector<Change> changes;
  for (const FieldWrite& w : writes) {
    const Record& r = w.record;
    Change change;
    change.device_seq = *seq + 1 + static_cast<int64_t>(changes.size());
    change.record_id = r.id;
    change.record_type = r.type;
    change.group_id = r.group_id;
    change.parent_id = r.parent_id;
    change.field = w.field;
    change.value = w.value;
    auto current = r.fields.find(w.field);
    if (current != r.fields.end()) {
      change.base_hlc = current->second.hlc;
      // The server's write must win over the field as it is now, even after a restart.
      Result<Hlc> seen = Hlc::Parse(current->second.hlc);
      if (seen.ok()) (void)sv.hlc().Restore(*seen);
    }
    change.hlc = sv.hlc().Now().ToString();
    changes.push_back(std::move(change));
  }
  DeviceScope server{std::string(kServerNode), "admin", {}, std::string(user)};
  Result<PushOutcome> push = sv.sync().ApplyPush(server, EncodePushBody(changes));
  if (!push.ok()) return push.status();
  ServerWriteOutcome out{std::move(push).value(), {}};
  for (const Change& c : changes) out.hlcs.push_back(c.hlc);
  return out;
}

}  // namespace sotay
