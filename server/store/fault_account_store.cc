#include "server/store/fault_account_store.h"

namespace sotay {

Status FaultInjectingAccountStore::Begin() {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.Begin();
}

Status FaultInjectingAccountStore::Commit() {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.Commit();
}

Status FaultInjectingAccountStore::Rollback() { return base_.Rollback(); }

Result<std::optional<WardInfo>> FaultInjectingAccountStore::GetWard() { return base_.GetWard(); }

Status FaultInjectingAccountStore::PutWard(const WardInfo& ward) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.PutWard(ward);
}

Status FaultInjectingAccountStore::SetOfficeKeys(std::string_view public_key,
                                                 std::string_view wrapped) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.SetOfficeKeys(public_key, wrapped);
}

Status FaultInjectingAccountStore::AddGroup(const GroupInfo& group) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AddGroup(group);
}

Result<std::optional<GroupInfo>> FaultInjectingAccountStore::GetGroup(std::string_view id) {
  return base_.GetGroup(id);
}

Result<std::vector<GroupInfo>> FaultInjectingAccountStore::ListGroups() {
  return base_.ListGroups();
}

Status FaultInjectingAccountStore::AddUser(const UserInfo& user) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AddUser(user);
}

Result<std::optional<UserInfo>> FaultInjectingAccountStore::GetUser(std::string_view username) {
  return base_.GetUser(username);
}

Result<std::vector<UserInfo>> FaultInjectingAccountStore::ListUsers() { return base_.ListUsers(); }

Status FaultInjectingAccountStore::SetUserDisabled(std::string_view username, bool disabled) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.SetUserDisabled(username, disabled);
}

Status FaultInjectingAccountStore::SetUserPassword(std::string_view username,
                                                   std::string_view password_hash) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.SetUserPassword(username, password_hash);
}

Status FaultInjectingAccountStore::SetUserFullName(std::string_view username,
                                                   std::string_view full_name) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.SetUserFullName(username, full_name);
}

Status FaultInjectingAccountStore::AddDevice(const DeviceInfo& device) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AddDevice(device);
}

Result<std::optional<DeviceInfo>> FaultInjectingAccountStore::GetDevice(
    std::string_view device_id) {
  return base_.GetDevice(device_id);
}

Result<std::vector<DeviceInfo>> FaultInjectingAccountStore::ListDevices() {
  return base_.ListDevices();
}

Status FaultInjectingAccountStore::RevokeDevice(std::string_view device_id, int64_t at_ms) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.RevokeDevice(device_id, at_ms);
}

Status FaultInjectingAccountStore::AddEnrollCode(const EnrollCode& code) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AddEnrollCode(code);
}

Result<std::optional<EnrollCode>> FaultInjectingAccountStore::ClaimEnrollCode(
    std::string_view digest, int64_t now_ms, std::string_view device_id) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.ClaimEnrollCode(digest, now_ms, device_id);
}

Status FaultInjectingAccountStore::AddSession(const Session& session) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AddSession(session);
}

Result<std::optional<Session>> FaultInjectingAccountStore::GetSession(std::string_view digest) {
  return base_.GetSession(digest);
}

Status FaultInjectingAccountStore::DeleteSession(std::string_view digest) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.DeleteSession(digest);
}

Status FaultInjectingAccountStore::DeleteSessionsOf(std::string_view subject_kind,
                                                    std::string_view subject_id) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.DeleteSessionsOf(subject_kind, subject_id);
}

Status FaultInjectingAccountStore::DeleteExpiredSessions(int64_t now_ms) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.DeleteExpiredSessions(now_ms);
}

Result<bool> FaultInjectingAccountStore::ClaimSessionStamp(std::string_view device_id,
                                                           int64_t timestamp_s,
                                                           int64_t forget_before_s) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.ClaimSessionStamp(device_id, timestamp_s, forget_before_s);
}

Status FaultInjectingAccountStore::AppendAudit(AuditEntry& entry) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AppendAudit(entry);
}

Result<std::vector<AuditEntry>> FaultInjectingAccountStore::ListAudit(const AuditQuery& query) {
  return base_.ListAudit(query);
}

Result<AuditChainReport> FaultInjectingAccountStore::VerifyAuditChain(std::string_view noted) {
  return base_.VerifyAuditChain(noted);
}

Status FaultInjectingAccountStore::PutReview(const ReviewState& review) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.PutReview(review);
}

Result<std::optional<ReviewState>> FaultInjectingAccountStore::GetReview(
    std::string_view record_id) {
  return base_.GetReview(record_id);
}

Result<std::vector<ReviewState>> FaultInjectingAccountStore::ListReviews() {
  return base_.ListReviews();
}

Status FaultInjectingAccountStore::AddManualValue(ManualEntry& entry) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.AddManualValue(entry);
}

Result<std::vector<ManualEntry>> FaultInjectingAccountStore::ListManualValues(
    std::string_view indicator) {
  return base_.ListManualValues(indicator);
}

Status FaultInjectingAccountStore::PutSnapshots(const std::vector<IndicatorSnapshot>& snapshots) {
  SOTAY_RETURN_IF_ERROR(Step());
  return base_.PutSnapshots(snapshots);
}

Result<std::vector<IndicatorSnapshot>> FaultInjectingAccountStore::ListSnapshots(
    std::string_view first_month, std::string_view last_month) {
  return base_.ListSnapshots(first_month, last_month);
}

}  // namespace sotay
