#include "sync/client.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/field_check.h"
#include "core/validate.h"
#include "sync/merge.h"
#include "sync/push_checks.h"

namespace sotay {

namespace {

constexpr std::string_view kCursorKey = "sync/cursor";
constexpr std::string_view kLastHlcKey = "sync/last_hlc";
constexpr std::string_view kRejectedKey = "sync/rejected";

Status Corrupt(std::string_view key) {
  return Status::Error("store_corrupt", "Dữ liệu đồng bộ trên máy bị hỏng",
                       "The local sync data is corrupt", std::string(key));
}

Json RejectedToJson(const RejectedChange& r) {
  return Json{
      {"device_seq", r.device_seq}, {"record_id", r.record_id}, {"record_type", r.record_type},
      {"field", r.field},           {"value", r.value},         {"code", r.code},
      {"message", r.message}};
}

bool RejectedFromJson(const Json& j, RejectedChange& r) {
  if (!j.is_object()) return false;
  auto seq = j.find("device_seq");
  if (seq == j.end() || !seq->is_number_integer()) return false;
  r.device_seq = seq->get<int64_t>();
  for (auto [key, target] : {std::pair{"record_id", &r.record_id},
                             std::pair{"record_type", &r.record_type}, std::pair{"field", &r.field},
                             std::pair{"code", &r.code}, std::pair{"message", &r.message}}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_string()) return false;
    *target = it->get<std::string>();
  }
  auto value = j.find("value");
  if (value == j.end()) return false;
  r.value = *value;
  return true;
}

Result<std::vector<RejectedChange>> ReadRejected(Store& store) {
  Result<std::optional<std::string>> text = store.GetMeta(kRejectedKey);
  if (!text.ok()) return text.status();
  std::vector<RejectedChange> out;
  if (!text->has_value()) return out;
  Json list = Json::parse(**text, nullptr, /*allow_exceptions=*/false);
  if (!list.is_array()) return Corrupt(kRejectedKey);
  for (const Json& j : list) {
    if (!RejectedFromJson(j, out.emplace_back())) return Corrupt(kRejectedKey);
  }
  return out;
}

Status WriteRejected(Store& store, const std::vector<RejectedChange>& list) {
  Json j = Json::array();
  for (const RejectedChange& r : list) j.push_back(RejectedToJson(r));
  return store.SetMeta(kRejectedKey, j.dump());
}

Status ChangeOf(const std::string& record_type, std::string_view field, const Json& value,
                const SchemaSet& schemas) {
  if (field == kDeletedField) {
    return Status::Error("unknown_field", "Hãy dùng thao tác xóa bản ghi",
                         "Use DeleteRecord to delete a record", std::string(field));
  }
  return ValidateFieldValue(schemas, record_type, field, value, ValidationMode::kDevice);
}

}  // namespace

SyncClient::SyncClient(Store& store, HlcClock& clock, const SchemaSet& schemas,
                       std::string device_id, SyncClientOptions options)
    : store_(store),
      clock_(clock),
      schemas_(schemas),
      device_id_(std::move(device_id)),
      options_(std::move(options)) {}

Status SyncClient::RestoreClock() {
  if (clock_restored_) return Status::Ok();
  Result<std::optional<std::string>> text = store_.GetMeta(kLastHlcKey);
  if (!text.ok()) return text.status();
  if (text->has_value()) {
    Result<Hlc> last = Hlc::Parse(**text);
    if (!last.ok()) return Corrupt(kLastHlcKey);
    SOTAY_RETURN_IF_ERROR(clock_.Restore(*last));
  }
  clock_restored_ = true;
  return Status::Ok();
}

Status SyncClient::SaveClock() { return store_.SetMeta(kLastHlcKey, clock_.last().ToString()); }

Result<Record> SyncClient::WriteFields(const std::string& record_id, const std::string& record_type,
                                       const std::string& group_id, const std::string& parent_id,
                                       const std::map<std::string, Json>& values) {
  Change probe;
  probe.record_id = record_id;
  probe.record_type = record_type;
  probe.group_id = group_id;
  probe.parent_id = parent_id;
  SOTAY_RETURN_IF_ERROR(CheckChangeIds(probe));
  if (schemas_.FindForm(record_type) == nullptr) {
    return Status::Error("unknown_type", "Không có biểu mẫu " + record_type,
                         "There is no form " + record_type, "record_type");
  }
  SOTAY_RETURN_IF_ERROR(CheckParentRule(probe, schemas_));
  for (const auto& [field, value] : values) {
    SOTAY_RETURN_IF_ERROR(ChangeOf(record_type, field, value, schemas_));
  }
  SOTAY_RETURN_IF_ERROR(RestoreClock());

  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  Result<std::optional<Record>> existing = store_.GetRecord(record_id);
  if (!existing.ok()) return existing.status();
  Record record;
  if (!existing->has_value()) {
    record = Record{record_id, record_type, group_id, parent_id, {}, false};
  } else {
    record = std::move(**existing);
    if (record.type != record_type || record.group_id != group_id ||
        record.parent_id != parent_id) {
      return Status::Error("record_mismatch", "Bản ghi đã có với loại, tổ hoặc bản ghi cha khác",
                           "The record exists with another type, group or parent", "record_id");
    }
    if (record.deleted) {
      return Status::Error("record_deleted", "Bản ghi đã bị xóa", "The record was deleted",
                           "record_id");
    }
  }
  Result<Record> written = WriteLocked(std::move(record), values);
  if (!written.ok()) return written;
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  return written;
}

Result<Record> SyncClient::WriteLocked(Record record, const std::map<std::string, Json>& values) {
  const FormDef* form = schemas_.FindForm(record.type);
  bool any = false;
  for (const auto& [field, value] : values) {
    auto cur = record.fields.find(field);
    bool unchanged = cur == record.fields.end() ? value.is_null() : cur->second.value == value;
    if (unchanged) continue;
    Change c;
    c.device_id = device_id_;
    c.record_id = record.id;
    c.record_type = record.type;
    c.group_id = record.group_id;
    c.parent_id = record.parent_id;
    c.field = field;
    c.value = value;
    c.base_hlc = cur == record.fields.end() ? "" : cur->second.hlc;
    c.hlc = clock_.Now().ToString();
    const FieldDef* def = form ? form->FindField(field) : nullptr;
    if (def != nullptr && def->sealed && options_.seal && !value.is_null() &&
        !IsSealedEnvelope(value)) {
      Result<Json> sealed = options_.seal(*def, value);
      if (!sealed.ok()) return sealed.status();
      c.value = std::move(sealed).value();
    }
    record.fields[field] = FieldValue{value, c.hlc};
    if (field == kDeletedField) record.deleted = value == Json(true);
    SOTAY_RETURN_IF_ERROR(store_.AppendOutbox(c));
    any = true;
  }
  if (!any) return record;  // a new record with nothing in it is not stored either
  SOTAY_RETURN_IF_ERROR(store_.PutRecord(record));
  SOTAY_RETURN_IF_ERROR(SaveClock());
  return record;
}

Status SyncClient::DeleteRecord(const std::string& record_id) {
  SOTAY_RETURN_IF_ERROR(RestoreClock());
  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  Result<std::optional<Record>> existing = store_.GetRecord(record_id);
  if (!existing.ok()) return existing.status();
  if (!existing->has_value()) {
    return Status::Error("not_found", "Không có bản ghi này", "No such record", "record_id");
  }
  if ((*existing)->deleted) return Status::Ok();
  Result<Record> written =
      WriteLocked(std::move(**existing), {{std::string(kDeletedField), Json(true)}});
  if (!written.ok()) return written.status();
  return txn.Commit();
}

Result<Json> SyncClient::NextPushBody(size_t max_changes) {
  int64_t limit = static_cast<int64_t>(std::clamp<size_t>(max_changes, 1, kMaxPushChanges));
  Result<std::vector<Change>> changes = store_.ReadOutbox(limit);
  if (!changes.ok()) return changes.status();
  return EncodePushBody(*changes);
}

Result<int64_t> SyncClient::PendingCount() { return store_.OutboxSize(); }

Result<PushSummary> SyncClient::ApplyPushResponse(const Json& response) {
  Result<PushResponse> decoded = DecodePushResponse(response);
  if (!decoded.ok()) return decoded.status();
  PushSummary summary;
  summary.acked_through = decoded->acked_through;
  int64_t highest = 0;
  for (const PushResult& r : decoded->results) highest = std::max(highest, r.device_seq);

  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());

  // The outbox changes the answer may name, for the details of rejected ones. Outbox
  // device_seqs are contiguous, so the oldest one tells how many to read.
  std::map<int64_t, Change> pending;
  Result<std::vector<Change>> oldest = store_.ReadOutbox(1);
  if (!oldest.ok()) return oldest.status();
  if (!oldest->empty() && highest >= oldest->front().device_seq) {
    int64_t span = std::min<int64_t>(highest - oldest->front().device_seq + 1, 100'000);
    Result<std::vector<Change>> window = store_.ReadOutbox(span);
    if (!window.ok()) return window.status();
    for (Change& c : *window) pending.emplace(c.device_seq, std::move(c));
  }

  for (const PushResult& r : decoded->results) {
    if (r.status == kStatusApplied) ++summary.applied;
    if (r.status == kStatusConflict) ++summary.conflicts;
    if (r.status == kStatusDuplicate) ++summary.duplicates;
    if (r.status == kStatusRejected) ++summary.rejected;
    const bool refused =
        r.status == kStatusRejected || (r.status == kStatusDuplicate && !r.code.empty());
    if (!refused) continue;
    RejectedChange rc;
    rc.device_seq = r.device_seq;
    rc.code = r.code;
    rc.message = r.message;
    if (auto it = pending.find(r.device_seq); it != pending.end()) {
      rc.record_id = it->second.record_id;
      rc.record_type = it->second.record_type;
      rc.field = it->second.field;
      rc.value = it->second.value;
    }
    summary.rejections.push_back(std::move(rc));
  }

  const int64_t through = std::min(decoded->acked_through, highest);
  if (through > 0) {
    Result<int64_t> before = store_.OutboxSize();
    if (!before.ok()) return before.status();
    SOTAY_RETURN_IF_ERROR(store_.RemoveOutboxThrough(through));
    Result<int64_t> after = store_.OutboxSize();
    if (!after.ok()) return after.status();
    summary.removed = *before - *after;
  }
  if (!summary.rejections.empty()) SOTAY_RETURN_IF_ERROR(AddRejected(summary.rejections));
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  return summary;
}

Status SyncClient::AddRejected(const std::vector<RejectedChange>& rejected) {
  Result<std::vector<RejectedChange>> list = ReadRejected(store_);
  if (!list.ok()) return list.status();
  std::set<int64_t> known;
  for (const RejectedChange& r : *list) known.insert(r.device_seq);
  for (const RejectedChange& r : rejected) {
    if (known.insert(r.device_seq).second) list->push_back(r);
  }
  if (list->size() > options_.max_rejected_kept) {
    list->erase(list->begin(), list->begin() + static_cast<std::ptrdiff_t>(
                                                   list->size() - options_.max_rejected_kept));
  }
  return WriteRejected(store_, *list);
}

Result<std::vector<RejectedChange>> SyncClient::ListRejected() { return ReadRejected(store_); }

Status SyncClient::DismissRejected(int64_t device_seq) {
  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  Result<std::vector<RejectedChange>> list = ReadRejected(store_);
  if (!list.ok()) return list.status();
  std::erase_if(*list, [&](const RejectedChange& r) { return r.device_seq == device_seq; });
  SOTAY_RETURN_IF_ERROR(WriteRejected(store_, *list));
  return txn.Commit();
}

Result<int64_t> SyncClient::Cursor() {
  Result<std::optional<std::string>> text = store_.GetMeta(kCursorKey);
  if (!text.ok()) return text.status();
  if (!text->has_value()) return int64_t{0};
  Result<PullParams> parsed = ParsePullParams(**text, std::nullopt);
  if (!parsed.ok()) return Corrupt(kCursorKey);
  return parsed->since;
}

Status SyncClient::ResetCursor() { return store_.SetMeta(kCursorKey, "0"); }

Result<std::string> SyncClient::PullQuery(int64_t limit) {
  Result<int64_t> cursor = Cursor();
  if (!cursor.ok()) return cursor.status();
  return PullQueryString(*cursor, ClampPullLimit(limit));
}

Result<PullSummary> SyncClient::ApplyPullResponse(const Json& response) {
  Result<PullResponse> page = DecodePullResponse(response);
  if (!page.ok()) return page.status();
  SOTAY_RETURN_IF_ERROR(RestoreClock());

  Transaction txn(store_);
  SOTAY_RETURN_IF_ERROR(txn.status());
  Result<int64_t> cursor = Cursor();
  if (!cursor.ok()) return cursor.status();
  if (page->next < *cursor) {
    return Status::Error("bad_response", "Máy chủ trả về con trỏ lùi lại",
                         "The server's cursor went backwards", "next");
  }

  PullSummary summary;
  summary.received = static_cast<int64_t>(page->changes.size());
  std::map<std::string, Record> records;
  std::set<std::string> dirty;
  for (const Change& c : page->changes) {
    Result<Hlc> hlc = Hlc::Parse(c.hlc);
    if (!hlc.ok()) {
      return Status::Error("bad_response", "Máy chủ gửi HLC sai định dạng",
                           "The server sent a malformed HLC", "changes/hlc");
    }
    auto it = records.find(c.record_id);
    if (it == records.end()) {
      Result<std::optional<Record>> stored = store_.GetRecord(c.record_id);
      if (!stored.ok()) return stored.status();
      Record r = stored->has_value()
                     ? std::move(**stored)
                     : Record{c.record_id, c.record_type, c.group_id, c.parent_id, {}, false};
      it = records.emplace(c.record_id, std::move(r)).first;
    }
    Record& record = it->second;
    // Only the server moves a record (an office action); follow it.
    if (record.type != c.record_type || record.group_id != c.group_id ||
        record.parent_id != c.parent_id) {
      record.type = c.record_type;
      record.group_id = c.group_id;
      record.parent_id = c.parent_id;
      dirty.insert(record.id);
    }
    if (HlcNode(c.hlc) == device_id_ && FieldHlc(record, c.field) == c.hlc) {
      ++summary.echoes;
    } else if (ApplyFieldWrite(record, c).changed) {
      ++summary.applied;
      dirty.insert(record.id);
    } else {
      ++summary.ignored;
    }
    // The server vetted this HLC against its own clock; if the phone's clock is far
    // behind, trust the HLC rather than stamp later edits below it.
    Status observed = clock_.Observe(*hlc);
    if (!observed.ok()) SOTAY_RETURN_IF_ERROR(clock_.Restore(*hlc));
  }
  for (const std::string& id : dirty) SOTAY_RETURN_IF_ERROR(store_.PutRecord(records[id]));
  SOTAY_RETURN_IF_ERROR(SaveClock());
  SOTAY_RETURN_IF_ERROR(store_.SetMeta(kCursorKey, std::to_string(page->next)));
  SOTAY_RETURN_IF_ERROR(txn.Commit());
  summary.cursor = page->next;
  summary.more = page->more;
  return summary;
}

}  // namespace sotay
