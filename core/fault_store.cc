#include "core/fault_store.h"

namespace sotay {

#define FAIL_OR(call)       \
  do {                      \
    Status s = MaybeFail(); \
    if (!s.ok()) return s;  \
    return base_.call;      \
  } while (0)

Status FaultInjectingStore::Begin() { FAIL_OR(Begin()); }
Status FaultInjectingStore::Commit() {
  Status s = MaybeFail();
  if (!s.ok()) {
    (void)base_.Rollback();
    return s;
  }
  return base_.Commit();
}
Status FaultInjectingStore::Rollback() { return base_.Rollback(); }
Status FaultInjectingStore::BeginPart() { FAIL_OR(BeginPart()); }
Status FaultInjectingStore::EndPart() { FAIL_OR(EndPart()); }
Status FaultInjectingStore::UndoPart() { return base_.UndoPart(); }

Result<std::optional<Record>> FaultInjectingStore::GetRecord(std::string_view id) {
  return base_.GetRecord(id);
}
Status FaultInjectingStore::PutRecord(const Record& r) { FAIL_OR(PutRecord(r)); }
Status FaultInjectingStore::ForEachRecord(const RecordQuery& q,
                                          const std::function<bool(const Record&)>& fn) {
  return base_.ForEachRecord(q, fn);
}
Result<int64_t> FaultInjectingStore::CountRecords(const RecordQuery& q) {
  return base_.CountRecords(q);
}
Result<std::vector<std::string>> FaultInjectingStore::RecordIds(const RecordQuery& q) {
  return base_.RecordIds(q);
}

Result<int64_t> FaultInjectingStore::ReserveServerSeqs(int64_t n) { FAIL_OR(ReserveServerSeqs(n)); }
Result<LogPage> FaultInjectingStore::ReadLogPage(int64_t since, int64_t limit,
                                                 const GroupFilter& groups) {
  return base_.ReadLogPage(since, limit, groups);
}
Result<int64_t> FaultInjectingStore::LastServerSeq() { return base_.LastServerSeq(); }
Status FaultInjectingStore::AppendHistory(HistoryEntry& e) { FAIL_OR(AppendHistory(e)); }
Result<std::vector<HistoryEntry>> FaultInjectingStore::ListHistory(std::string_view record_id,
                                                                   int64_t before_id,
                                                                   int64_t limit) {
  return base_.ListHistory(record_id, before_id, limit);
}

Result<std::vector<SeqReceipt>> FaultInjectingStore::GetReceipts(std::string_view device_id,
                                                                 int64_t first, int64_t last) {
  return base_.GetReceipts(device_id, first, last);
}
Status FaultInjectingStore::PutReceipts(std::string_view device_id, int64_t first,
                                        const std::vector<Receipt>& receipts) {
  FAIL_OR(PutReceipts(device_id, first, receipts));
}
Result<int64_t> FaultInjectingStore::ReceiptsContiguousThrough(std::string_view device_id,
                                                               int64_t after) {
  return base_.ReceiptsContiguousThrough(device_id, after);
}
Result<int64_t> FaultInjectingStore::MaxDeviceSeq(std::string_view device_id) {
  return base_.MaxDeviceSeq(device_id);
}

Status FaultInjectingStore::AddConflict(Conflict& c) { FAIL_OR(AddConflict(c)); }
Result<std::vector<Conflict>> FaultInjectingStore::ListConflicts(const ConflictQuery& q) {
  return base_.ListConflicts(q);
}
Result<std::optional<Conflict>> FaultInjectingStore::GetConflict(int64_t id) {
  return base_.GetConflict(id);
}
Status FaultInjectingStore::ResolveConflict(int64_t id, const Json& resolution, std::string_view by,
                                            int64_t at_ms) {
  FAIL_OR(ResolveConflict(id, resolution, by, at_ms));
}

Status FaultInjectingStore::AddQuarantined(QuarantinedChange& q) { FAIL_OR(AddQuarantined(q)); }
Result<std::vector<QuarantinedChange>> FaultInjectingStore::ListQuarantined(
    const QuarantineQuery& q) {
  return base_.ListQuarantined(q);
}

Status FaultInjectingStore::AppendOutbox(Change& c) { FAIL_OR(AppendOutbox(c)); }
Result<std::vector<Change>> FaultInjectingStore::ReadOutbox(int64_t limit) {
  return base_.ReadOutbox(limit);
}
Status FaultInjectingStore::RemoveOutboxThrough(int64_t seq) { FAIL_OR(RemoveOutboxThrough(seq)); }
Result<int64_t> FaultInjectingStore::OutboxSize() { return base_.OutboxSize(); }

Result<std::optional<std::string>> FaultInjectingStore::GetMeta(std::string_view key) {
  return base_.GetMeta(key);
}
Status FaultInjectingStore::SetMeta(std::string_view key, std::string_view value) {
  FAIL_OR(SetMeta(key, value));
}

Result<int64_t> FaultInjectingStore::RewriteSealedValues(const SealedRewrite& reseal) {
  FAIL_OR(RewriteSealedValues(reseal));
}

Status FaultInjectingStore::ReplaceFacts(std::string_view record_id,
                                         const std::vector<Fact>& facts) {
  FAIL_OR(ReplaceFacts(record_id, facts));
}
Result<std::vector<FactSum>> FaultInjectingStore::AggregateFacts(std::string_view period) {
  return base_.AggregateFacts(period);
}
Status FaultInjectingStore::SetFactsValidUntil(std::string_view record_id,
                                               std::optional<std::string_view> valid_until) {
  FAIL_OR(SetFactsValidUntil(record_id, valid_until));
}
Result<std::vector<std::string>> FaultInjectingStore::ExpiredFactOwners(std::string_view date,
                                                                        int64_t limit) {
  return base_.ExpiredFactOwners(date, limit);
}

#undef FAIL_OR

}  // namespace sotay
