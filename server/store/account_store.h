// AccountStore: who may use the server — the ward and its office key, groups, office
// users, enrolled devices, enrollment codes, sessions, the audit log, review states,
// the office's manual indicator values and the monthly indicator snapshots.
//
// It lives in the SAME database as the core Store, in tables of its own prefixed `acct_`
// with their own versioned migrations. The interface is narrow so that each storage
// engine implements it once: SqliteAccountStore (sqlite_account_store.h) today.
//
// Secrets are never stored in clear: passwords as Argon2id hash strings, enrollment
// codes and session tokens as crypto::TokenDigest, the office secret key only wrapped
// under the office passphrase (crypto::WrapSecret). The audit log is append-only
// (triggers refuse UPDATE and DELETE).
//
// Errors: Status codes of core/sqlite_error.h (store_busy, store_constraint for a
// duplicate id, ...), not_found where stated. Not thread-safe: one thread at a time
// per object (the server guards its instance with a mutex).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"

#include "server/store/audit_chain.h"

namespace sotay {

struct WardInfo {
  std::string name;
  std::string office_public_key;      // X25519 public key, base64
  std::string office_secret_wrapped;  // crypto::WrapSecret of the secret key
  int64_t created_ms = 0;
};

struct GroupInfo {
  std::string id;  // slug, "tdp-05"
  std::string name;
  int64_t created_ms = 0;
};

struct UserInfo {
  std::string username;
  std::string role;           // "office" or "admin"
  std::string password_hash;  // crypto::HashPassword
  bool disabled = false;
  int64_t created_ms = 0;
  std::string full_name;  // "Nguyễn Thị Hoa": who signs the office's reports; "" unset
};

struct DeviceInfo {
  std::string device_id;  // UUID assigned at enrollment
  std::string name;
  std::string role;  // "leader" or "trainee"
  std::vector<std::string> groups;
  std::string public_key;  // Ed25519 public key, base64
  int64_t enrolled_ms = 0;
  int64_t revoked_ms = 0;  // 0: active
};

struct EnrollCode {
  std::string digest;  // crypto::TokenDigest of the normalised code
  std::string role;
  std::vector<std::string> groups;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  int64_t used_ms = 0;  // 0: unused
  std::string used_by_device;
};

struct Session {
  std::string digest;        // crypto::TokenDigest of the bearer token
  std::string subject_kind;  // "device" or "user"
  std::string subject_id;    // device_id or username
  std::string role;
  std::vector<std::string> groups;
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
};

struct AuditEntry {
  int64_t id = 0;  // assigned by AppendAudit
  int64_t at_ms = 0;
  std::string actor;   // "user:lan", "device:<uuid>", "cli"
  std::string action;  // "enroll", "login", "resolve_conflict", ...
  std::string target;
  Json detail = Json::object();  // never holds a secret
};

// Oldest first from after_id (the default), or newest first below before_id when
// newest_first; actor and action, when not empty, must match exactly.
struct AuditQuery {
  int64_t after_id = 0;
  int64_t limit = 100;
  bool newest_first = false;
  int64_t before_id = 0;  // newest_first only; 0: from the newest entry
  std::string actor{};
  std::string action{};
};

struct ReviewState {
  std::string record_id;
  std::string state;  // "approved", "rejected", "has_issues"; "pending" once a record the
                      // server flagged checks clean again
  std::string comment;
  std::string by;
  int64_t at_ms = 0;
};

// A value the office entered for a manual indicator. Every entry is kept; for one
// (indicator, period) the newest entry is the value.
struct ManualEntry {
  int64_t id = 0;  // assigned by AddManualValue
  std::string indicator;
  std::string period;  // "2026-05", "2026-Q2" or "2026"
  double value = 0;
  std::string note;
  std::string entered_by;
  int64_t entered_ms = 0;
};

// The ward value of one indicator at the end of a month (the dashboard's trend line).
struct IndicatorSnapshot {
  std::string month;  // "2026-05"
  std::string indicator;
  std::optional<double> value;  // nullopt: no data that month
  int64_t taken_ms = 0;
  std::string as_of{};  // the day the value is true on ("YYYY-MM-DD"); "" when not known
};

class AccountStore {
 public:
  AccountStore() = default;
  virtual ~AccountStore() = default;
  AccountStore(const AccountStore&) = delete;
  AccountStore& operator=(const AccountStore&) = delete;

  virtual Status Begin() = 0;  // a write transaction, taken at once
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  virtual Result<std::optional<WardInfo>> GetWard() = 0;
  // store_constraint when the ward already exists.
  virtual Status PutWard(const WardInfo& ward) = 0;
  // Replaces the office public key and the wrapped secret keys (a new passphrase, or a
  // rotated key: core/office_keys.h); not_found before init.
  virtual Status SetOfficeKeys(std::string_view public_key, std::string_view wrapped) = 0;

  virtual Status AddGroup(const GroupInfo& group) = 0;  // store_constraint: duplicate
  virtual Result<std::optional<GroupInfo>> GetGroup(std::string_view id) = 0;
  virtual Result<std::vector<GroupInfo>> ListGroups() = 0;

  virtual Status AddUser(const UserInfo& user) = 0;  // store_constraint: duplicate
  virtual Result<std::optional<UserInfo>> GetUser(std::string_view username) = 0;
  virtual Result<std::vector<UserInfo>> ListUsers() = 0;  // by username
  // not_found if the user is unknown. Neither ends the user's sessions by itself.
  virtual Status SetUserDisabled(std::string_view username, bool disabled) = 0;
  virtual Status SetUserPassword(std::string_view username, std::string_view password_hash) = 0;
  virtual Status SetUserFullName(std::string_view username, std::string_view full_name) = 0;

  virtual Status AddDevice(const DeviceInfo& device) = 0;
  virtual Result<std::optional<DeviceInfo>> GetDevice(std::string_view device_id) = 0;
  virtual Result<std::vector<DeviceInfo>> ListDevices() = 0;  // by enrolled_ms, id
  // Marks the device revoked (keeps the first revocation time); not_found if unknown.
  virtual Status RevokeDevice(std::string_view device_id, int64_t at_ms) = 0;

  virtual Status AddEnrollCode(const EnrollCode& code) = 0;
  // Marks the code used by `device_id` if it exists, is unused and not expired at
  // `now_ms`; returns it (with used_* filled in), else nullopt. Atomic.
  virtual Result<std::optional<EnrollCode>> ClaimEnrollCode(std::string_view digest, int64_t now_ms,
                                                            std::string_view device_id) = 0;

  virtual Status AddSession(const Session& session) = 0;
  virtual Result<std::optional<Session>> GetSession(std::string_view digest) = 0;
  virtual Status DeleteSession(std::string_view digest) = 0;
  virtual Status DeleteSessionsOf(std::string_view subject_kind, std::string_view subject_id) = 0;
  virtual Status DeleteExpiredSessions(int64_t now_ms) = 0;
  // Records that a signed session request of `device_id` at `timestamp_s` was accepted:
  // false if that pair was accepted before (a replay). Pairs older than `forget_before_s`
  // are dropped first; the clock-skew window refuses them anyway.
  virtual Result<bool> ClaimSessionStamp(std::string_view device_id, int64_t timestamp_s,
                                         int64_t forget_before_s) = 0;

  // Assigns entry.id.
  virtual Status AppendAudit(AuditEntry& entry) = 0;
  virtual Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query) = 0;
  // Walks the whole log in id order and recomputes every chain value (audit_chain.h);
  // `noted`, a chain value written down earlier, is looked for.
  virtual Result<AuditChainReport> VerifyAuditChain(std::string_view noted) = 0;

  virtual Status PutReview(const ReviewState& review) = 0;  // replaces the record's state
  virtual Result<std::optional<ReviewState>> GetReview(std::string_view record_id) = 0;
  virtual Result<std::vector<ReviewState>> ListReviews() = 0;  // by record id

  // Assigns entry.id.
  virtual Status AddManualValue(ManualEntry& entry) = 0;
  // Entries of one indicator ("" : of all), newest first.
  virtual Result<std::vector<ManualEntry>> ListManualValues(std::string_view indicator) = 0;

  // Replaces the month's snapshot of each given indicator.
  virtual Status PutSnapshots(const std::vector<IndicatorSnapshot>& snapshots) = 0;
  // Snapshots of months in [first_month, last_month], by month then indicator.
  virtual Result<std::vector<IndicatorSnapshot>> ListSnapshots(std::string_view first_month,
                                                               std::string_view last_month) = 0;
};

}  // namespace sotay
