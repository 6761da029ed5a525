// FaultInjectingAccountStore: an AccountStore that forwards every call to another and
// fails the Nth mutating call with a chosen Status, as core/fault_store.h's
// FaultInjectingStore does for the core Store: tests fail each step of an operation in
// turn and check that nothing is half-applied (a push's review flags, written on the
// push's connection, included).
//
// Mutating calls are Begin, Commit and every call that writes; reads and Rollback are
// never failed, so cleanup always works. A failed call does not reach the wrapped store.
//
// Not thread-safe. The wrapped store must outlive this object.
#pragma once

#include <cstdint>

#include "core/fault_plan.h"
#include "server/store/account_store.h"

namespace sotay {

class FaultInjectingAccountStore final : public AccountStore {
 public:
  explicit FaultInjectingAccountStore(AccountStore& base) : base_(base) {}

  // The `n`th mutating call from now (1 = the next) fails with `status` (FaultPlan).
  void FailNth(int64_t n, Status status, bool sticky = false) {
    plan_.FailNth(n, std::move(status), sticky);
  }
  void Disarm() { plan_.Disarm(); }
  int64_t mutating_calls() const { return plan_.calls(); }

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  Result<std::optional<WardInfo>> GetWard() override;
  Status PutWard(const WardInfo& ward) override;
  Status SetOfficeKeys(std::string_view public_key, std::string_view wrapped) override;
  Status AddGroup(const GroupInfo& group) override;
  Result<std::optional<GroupInfo>> GetGroup(std::string_view id) override;
  Result<std::vector<GroupInfo>> ListGroups() override;
  Status AddUser(const UserInfo& user) override;
  Result<std::optional<UserInfo>> GetUser(std::string_view username) override;
  Result<std::vector<UserInfo>> ListUsers() override;
  Status SetUserDisabled(std::string_view username, bool disabled) override;
  Status SetUserPassword(std::string_view username, std::string_view password_hash) override;
  Status SetUserFullName(std::string_view username, std::string_view full_name) override;
  Status AddDevice(const DeviceInfo& device) override;
  Result<std::optional<DeviceInfo>> GetDevice(std::string_view device_id) override;
  Result<std::vector<DeviceInfo>> ListDevices() override;
  Status RevokeDevice(std::string_view device_id, int64_t at_ms) override;
  Status AddEnrollCode(const EnrollCode& code) override;
  Result<std::optional<EnrollCode>> ClaimEnrollCode(std::string_view digest, int64_t now_ms,
                                                    std::string_view device_id) override;
  Status AddSession(const Session& session) override;
  Result<std::optional<Session>> GetSession(std::string_view digest) override;
  Status DeleteSession(std::string_view digest) override;
  Status DeleteSessionsOf(std::string_view subject_kind, std::string_view subject_id) override;
  Status DeleteExpiredSessions(int64_t now_ms) override;
  Result<bool> ClaimSessionStamp(std::string_view device_id, int64_t timestamp_s,
                                 int64_t forget_before_s) override;
  Status AppendAudit(AuditEntry& entry) override;
  Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) override;
  Result<AuditChainReport> VerifyAuditChain(std::string_view noted) override;
  Status PutReview(const ReviewState& review) override;
  Result<std::optional<ReviewState>> GetReview(std::string_view record_id) override;
  Result<std::vector<ReviewState>> ListReviews() override;
  Status AddManualValue(ManualEntry& entry) override;
  Result<std::vector<ManualEntry>> ListManualValues(std::string_view indicator) override;
  Status PutSnapshots(const std::vector<IndicatorSnapshot>& snapshots) override;
  Result<std::vector<IndicatorSnapshot>> ListSnapshots(std::string_view first_month,
                                                       std::string_view last_month) override;

 private:
  Status Step() { return plan_.Next(); }

  AccountStore& base_;
  FaultPlan plan_;
};

}  // namespace sotay
