#include "server/server_write.h"

#include "core/hlc.h"

namespace sotay {

FieldWrite FieldWriteOf(const Record& record, std::string field, Json value) {
  FieldWrite w{record.id,        record.type, record.group_id, record.parent_id, std::move(field),
               std::move(value), ""};
  if (auto current = record.fields.find(w.field); current != record.fields.end()) {
    w.base_hlc = current->second.hlc;
  }
  return w;
}

Result<ServerWriteOutcome> WriteFieldsAsServer(ServerServices& sv,
                                               const std::vector<FieldWrite>& writes,
                                               std::string_view user) {
  Result<int64_t> seq = sv.writer().MaxDeviceSeq(kServerNode);
  if (!seq.ok()) return seq.status();
  std::vector<Change> changes;
  for (const FieldWrite& w : writes) {
    Change change;
    change.device_seq = *seq + 1 + static_cast<int64_t>(changes.size());
    change.record_id = w.record_id;
    change.record_type = w.record_type;
    change.group_id = w.group_id;
    change.parent_id = w.parent_id;
    change.field = w.field;
    change.value = w.value;
    change.base_hlc = w.base_hlc;
    // The server's write must win over the field as it is now, even after a restart.
    change.hlc = HlcNewerThan(sv.hlc(), w.base_hlc);
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
