// FaultInjectingStore: a Store that forwards every call to another Store and fails the
// Nth mutating call with a chosen Status, so tests can fail each step of an operation in
// turn ("for N = 1, 2, ...") and check that nothing is half-applied.
//
// Mutating calls are Begin, Commit, BeginPart, EndPart and every call that writes.
// Reads, Rollback and UndoPart are
// never failed, so cleanup always works. A failed call does not reach the wrapped store,
// except a failed Commit, which rolls the wrapped store back, as a real failed Commit
// does (see Store).
//
// Not thread-safe. The wrapped store must outlive this object.
#pragma once

#include <cstdint>

#include "core/fault_plan.h"
#include "core/store.h"

namespace sotay {

class FaultInjectingStore final : public Store {
 public:
  explicit FaultInjectingStore(Store& base) : base_(base) {}

  // The `n`th mutating call from now (1 = the next) fails with `status`; with `sticky`,
  // so does every mutating call after it (a disk that stays full).
  void FailNth(int64_t n, Status status, bool sticky = false) {
    plan_.FailNth(n, std::move(status), sticky);
  }
  // Stops failing.
  void Disarm() { plan_.Disarm(); }
  // Mutating calls seen so far (failed ones included).
  int64_t mutating_calls() const { return plan_.calls(); }

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Status BeginPart() override;
  Status EndPart() override;
  Status UndoPart() override;
  Result<std::optional<Record>> GetRecord(std::string_view id) override;
  Status PutRecord(const Record& record) override;
  Status ForEachRecord(const RecordQuery& query,
                       const std::function<bool(const Record&)>& fn) override;
  Result<int64_t> CountRecords(const RecordQuery& query) override;
  Result<std::vector<std::string>> RecordIds(const RecordQuery& query) override;
  Result<int64_t> ReserveServerSeqs(int64_t count) override;
  Result<LogPage> ReadLogPage(int64_t since_seq, int64_t limit, const GroupFilter& groups) override;
  Result<int64_t> LastServerSeq() override;
  Status AppendHistory(HistoryEntry& entry) override;
  Result<std::vector<HistoryEntry>> ListHistory(std::string_view record_id, int64_t before_id,
                                                int64_t limit) override;
  Result<std::vector<SeqReceipt>> GetReceipts(std::string_view device_id, int64_t first,
                                              int64_t last) override;
  Status PutReceipts(std::string_view device_id, int64_t first,
                     const std::vector<Receipt>& receipts) override;
  Result<int64_t> ReceiptsContiguousThrough(std::string_view device_id, int64_t after) override;
  Result<int64_t> MaxDeviceSeq(std::string_view device_id) override;
  Status AddConflict(Conflict& conflict) override;
  Result<std::vector<Conflict>> ListConflicts(const ConflictQuery& query) override;
  Result<std::optional<Conflict>> GetConflict(int64_t id) override;
  Status ResolveConflict(int64_t id, const Json& resolution, std::string_view by,
                         int64_t at_ms) override;
  Status AddQuarantined(QuarantinedChange& quarantined) override;
  Result<std::vector<QuarantinedChange>> ListQuarantined(const QuarantineQuery& query) override;
  Status AppendOutbox(Change& change) override;
  Result<std::vector<Change>> ReadOutbox(int64_t limit) override;
  Status RemoveOutboxThrough(int64_t device_seq) override;
  Result<int64_t> OutboxSize() override;
  Result<std::optional<std::string>> GetMeta(std::string_view key) override;
  Status SetMeta(std::string_view key, std::string_view value) override;
  Result<int64_t> RewriteSealedValues(const SealedRewrite& reseal) override;
  Status ReplaceFacts(std::string_view record_id, const std::vector<Fact>& facts) override;
  Result<std::vector<FactSum>> AggregateFacts(std::string_view period) override;
  Status SetFactsValidUntil(std::string_view record_id,
                            std::optional<std::string_view> valid_until) override;
  Result<std::vector<std::string>> ExpiredFactOwners(std::string_view date, int64_t limit) override;

 private:
  // Counts a mutating call; its failure, or ok to forward it.
  Status MaybeFail() { return plan_.Next(); }

  Store& base_;
  FaultPlan plan_;
};

}  // namespace sotay
