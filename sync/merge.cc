#include "sync/merge.h"

#include "core/hlc.h"

namespace sotay {

bool WinsOver(const FieldValue& a, const FieldValue& b) {
  if (a.hlc != b.hlc) return a.hlc > b.hlc;
  if (a.value == b.value) return false;
  // Equal HLCs with different values only come from a misbehaving writer; a total
  // order on the JSON text keeps replicas identical anyway.
  return a.value.dump() > b.value.dump();
}

const std::string& FieldHlc(const Record& record, const std::string& field) {
  static const std::string kNone;
  auto it = record.fields.find(field);
  return it == record.fields.end() ? kNone : it->second.hlc;
}

Change ServerWriteOf(const Record& record, std::string field, Json value) {
  Change c;
  c.device_id = std::string(kServerNode);
  c.record_id = record.id;
  c.record_type = record.type;
  c.group_id = record.group_id;
  c.parent_id = record.parent_id;
  c.base_hlc = FieldHlc(record, field);
  c.field = std::move(field);
  c.value = std::move(value);
  return c;
}

MergeResult ApplyFieldWrite(Record& record, const Change& change) {
  MergeResult result;
  FieldValue incoming{change.value, change.hlc};
  auto it = record.fields.find(change.field);
  if (it != record.fields.end()) {
    result.had_previous = true;
    result.previous = it->second;
    if (!WinsOver(incoming, it->second)) {
      if (incoming.hlc == it->second.hlc) {
        result.duplicate = true;
      } else {
        result.lost = true;
      }
      return result;
    }
    it->second = std::move(incoming);
  } else {
    record.fields.emplace(change.field, std::move(incoming));
  }
  result.changed = true;
  if (change.field == kDeletedField) record.deleted = change.value == Json(true);
  return result;
}

}  // namespace sotay
