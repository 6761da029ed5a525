// SqliteAccountStore: the AccountStore (account_store.h) in tables prefixed `acct_` of
// the ward's SQLite file, beside the core store's. Their version is a row of
// acct_schema_version (PRAGMA user_version is the core store's); the migrations run
// through core's runner (core/sqlite_migrations.h). Audit entries get their chain value
// from a SQL function inside the INSERT (sqlite_audit_chain.h).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "server/store/account_store.h"

struct sqlite3;

namespace sotay {

class StatementCache;
class StatementUse;

class SqliteAccountStore final : public AccountStore {
 public:
  // Opens the database file (created if needed) and applies the account migrations
  // (never on a read-only open, which then requires them done: store_version_too_old).
  static Result<std::unique_ptr<SqliteAccountStore>> Open(const std::string& path,
                                                          bool read_only = false);
  // An account store on a connection it does not own (SqliteStore::connection()), so
  // its writes join that connection's transactions: the server keeps a push's review
  // flags in the push's own commit. The owner's Open must have migrated the tables;
  // Begin/Commit/Rollback are not for use while the owner's transaction is open.
  static std::unique_ptr<SqliteAccountStore> OnConnection(sqlite3* db);
  ~SqliteAccountStore() override;

  // The version of the account tables this code writes, and the file's.
  static int SchemaVersion();
  Result<int> FileSchemaVersion();

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
  SqliteAccountStore(sqlite3* db, bool owns_connection);
  Status Exec(const char* sql, std::string_view what);
  Status Migrate();
  Status UpdateUser(StatementUse& q, std::string_view username, std::string_view what);

  sqlite3* db_;
  const bool owns_connection_;
  std::unique_ptr<StatementCache> stmts_;
  bool in_txn_ = false;
};

}  // namespace sotay
