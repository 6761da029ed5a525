#include "server/ward/server_write.h"

#include "core/hlc.h"

namespace sotay {

Result<ServerWriteOutcome> WriteFieldsAsServer(ServerServices& sv,
                                               ServerServices::WriterLease& writer,
                                               std::vector<Change> writes, std::string_view user) {
  Result<int64_t> seq = writer.store().MaxDeviceSeq(kServerNode);
  if (!seq.ok()) return seq.status();
  for (size_t i = 0; i < writes.size(); ++i) {
    writes[i].device_seq = *seq + 1 + static_cast<int64_t>(i);
    // The server's write must win over the field as it is now, even after a restart.
    writes[i].hlc = HlcNewerThan(sv.hlc(), writes[i].base_hlc);
  }
  DeviceScope server{std::string(kServerNode), "admin", {}, std::string(user)};
  // The changes go to the merge as they are, as a decoded push would carry them: no
  // JSON body encoded only to be decoded again.
  std::vector<PushItem> items;
  items.reserve(writes.size());
  for (const Change& c : writes) {
    PushItem& item = items.emplace_back(PushItem{c.device_seq, Json(), c});
    item.change->device_id.clear();  // the sender is `server`, as for a decoded push
  }
  const PushRequest one{&server, &items};
  Result<PushOutcome> push = std::move(writer.sync().ApplyPushes({&one, 1}).front());
  if (!push.ok()) return push.status();
  ServerWriteOutcome out{std::move(push).value(), {}};
  for (const Change& c : writes) out.hlcs.push_back(c.hlc);
  return out;
}

}  // namespace sotay
