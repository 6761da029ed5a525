#include "server/store/sqlite_account_store.h"

#include <sqlite3.h>

#include "core/sqlite_error.h"
#include "core/sqlite_migrations.h"
#include "core/sqlite_stmt.h"
#include "core/sqlite_store.h"
#include "server/store/sqlite_audit_chain.h"

namespace sotay {

namespace {

// JSON array text <-> list of strings (group lists in account tables).
std::string GroupsToText(const std::vector<std::string>& groups) { return Json(groups).dump(); }

std::vector<std::string> GroupsFromText(std::string_view text) {
  Json j = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  std::vector<std::string> out;
  if (!j.is_array()) return out;
  for (const Json& g : j) {
    if (g.is_string()) out.push_back(g.get<std::string>());
  }
  return out;
}

// Append-only: a released migration is never edited; add the next one instead. The
// version reached is a row of acct_schema_version (PRAGMA user_version is the core
// store's); core/sqlite_migrations.h applies them.
constexpr SqliteMigration kMigrations[] = {
    {1, "ward, groups, users, devices, codes, sessions, audit log", R"sql(
CREATE TABLE acct_ward (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  office_public_key TEXT NOT NULL,
  office_secret_wrapped TEXT NOT NULL,
  created_ms INTEGER NOT NULL);
CREATE TABLE acct_groups (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_ms INTEGER NOT NULL);
CREATE TABLE acct_users (
  username TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('office', 'admin')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL);
CREATE TABLE acct_devices (
  device_id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL,
  groups TEXT NOT NULL,
  public_key TEXT NOT NULL,
  enrolled_ms INTEGER NOT NULL,
  revoked_ms INTEGER NOT NULL DEFAULT 0);
CREATE TABLE acct_enroll_codes (
  digest TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  groups TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_ms INTEGER NOT NULL DEFAULT 0,
  used_by_device TEXT NOT NULL DEFAULT '');
CREATE TABLE acct_sessions (
  digest TEXT PRIMARY KEY,
  subject_kind TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  role TEXT NOT NULL,
  groups TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  expires_ms INTEGER NOT NULL);
CREATE INDEX acct_sessions_subject ON acct_sessions (subject_kind, subject_id);
CREATE TABLE acct_audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE TRIGGER acct_audit_no_update BEFORE UPDATE ON acct_audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER acct_audit_no_delete BEFORE DELETE ON acct_audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE acct_reviews (
  record_id TEXT PRIMARY KEY,
  state TEXT NOT NULL,
  comment TEXT NOT NULL,
  reviewed_by TEXT NOT NULL,
  at_ms INTEGER NOT NULL);
)sql"},
    // The dashboard: manual indicator values (history kept, newest per period wins) and
    // the ward's value of every indicator at the end of each month.
    {2, "reviews, manual values, indicator snapshots", R"sql(
CREATE TABLE acct_manual_values (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  indicator TEXT NOT NULL,
  period TEXT NOT NULL,
  value REAL NOT NULL,
  note TEXT NOT NULL,
  entered_by TEXT NOT NULL,
  entered_ms INTEGER NOT NULL);
CREATE INDEX acct_manual_values_by_indicator ON acct_manual_values (indicator, id);
CREATE TABLE acct_indicator_snapshots (
  month TEXT NOT NULL,
  indicator TEXT NOT NULL,
  value REAL,
  taken_ms INTEGER NOT NULL,
  PRIMARY KEY (month, indicator)) WITHOUT ROWID;
)sql"},
    // A person's full name for what the office signs ("Người lập báo cáo"): the username
    // is a login, not a name.
    {3, "users' full names", R"sql(
ALTER TABLE acct_users ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
)sql"},
    // The audit log becomes a hash chain (audit_chain.h); older entries keep ''.
    {4, "audit hash chain", R"sql(
ALTER TABLE acct_audit ADD COLUMN chain TEXT NOT NULL DEFAULT '';
)sql"},
    // Where the audit chain starts, so blanking chain values cannot pass entries off as
    // written before it; and each signed session request's (device, timestamp) accepted
    // once only, so a captured request cannot be replayed for new tokens.
    {5, "audit chain start, session stamps", R"sql(
CREATE TABLE acct_audit_chain_start (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_unchained_id INTEGER NOT NULL);
INSERT INTO acct_audit_chain_start
  SELECT 1, coalesce(max(id), 0) FROM acct_audit WHERE chain = '';
CREATE TRIGGER acct_audit_chain_start_no_update BEFORE UPDATE ON acct_audit_chain_start
  BEGIN SELECT RAISE(ABORT, 'the audit chain start is fixed'); END;
CREATE TRIGGER acct_audit_chain_start_no_delete BEFORE DELETE ON acct_audit_chain_start
  BEGIN SELECT RAISE(ABORT, 'the audit chain start is fixed'); END;
CREATE TABLE acct_session_stamps (
  device_id TEXT NOT NULL,
  timestamp_s INTEGER NOT NULL,
  PRIMARY KEY (device_id, timestamp_s)) WITHOUT ROWID;
)sql"},
    // The day a snapshot's values are true on (the facts' date), so a report of an ended
    // month says which day it shows; '' for snapshots kept before.
    {6, "snapshot dates", R"sql(
ALTER TABLE acct_indicator_snapshots ADD COLUMN as_of TEXT NOT NULL DEFAULT '';
)sql"},
};

constexpr int kVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

Result<int> ReadAccountVersion(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(
      db, "SELECT name FROM sqlite_master WHERE type='table' AND name='acct_schema_version'", -1,
      &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, "schema version");
  rc = sqlite3_step(stmt);
  bool exists = rc == SQLITE_ROW;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return SqliteStatus(db, rc, "schema version");
  if (!exists) return 0;
  rc = sqlite3_prepare_v2(db, "SELECT MAX(version) FROM acct_schema_version", -1, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteStatus(db, rc, "schema version");
  rc = sqlite3_step(stmt);
  int v = rc == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : 0;
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) return SqliteStatus(db, rc, "schema version");
  return v;
}

Status WriteAccountVersion(sqlite3* db, int version) {
  std::string sql =
      "CREATE TABLE IF NOT EXISTS acct_schema_version ("
      " version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL);"
      "INSERT INTO acct_schema_version VALUES (" +
      std::to_string(version) + ", CAST(strftime('%s','now') AS INTEGER)*1000)";
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db, rc, "schema version");
}

constexpr SqliteVersioning kAccountVersioning = {ReadAccountVersion, WriteAccountVersion};

Status Done(sqlite3* db, int rc, std::string_view what) {
  return rc == SQLITE_DONE ? Status::Ok() : SqliteStatus(db, rc, what);
}

// The shapes every DAO method shares once its statement is bound: at most one row read
// by `read`, every row read by `read`, or a write that must change exactly one row.
template <typename Read>
auto OneRow(sqlite3* db, StatementUse& q, std::string_view what, Read read)
    -> Result<std::optional<decltype(read(q))>> {
  using Row = decltype(read(q));
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<Row>();
  if (rc != SQLITE_ROW) return SqliteStatus(db, rc, what);
  return std::optional<Row>(read(q));
}

template <typename Read>
auto AllRows(sqlite3* db, StatementUse& q, std::string_view what, Read read)
    -> Result<std::vector<decltype(read(q))>> {
  std::vector<decltype(read(q))> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) out.push_back(read(q));
  if (rc != SQLITE_DONE) return SqliteStatus(db, rc, what);
  return out;
}

// not_found (naming `key`) when the statement changed no row.
Status ChangedOne(sqlite3* db, StatementUse& q, std::string_view what, std::string_view vi,
                  std::string_view en, std::string_view key) {
  SOTAY_RETURN_IF_ERROR(Done(db, q.Step(), what));
  if (sqlite3_changes(db) == 0) {
    return Status::Error("not_found", std::string(vi), std::string(en), std::string(key));
  }
  return Status::Ok();
}

GroupInfo ReadGroup(const StatementUse& q) { return GroupInfo{q.Text(0), q.Text(1), q.Int(2)}; }

UserInfo ReadUser(const StatementUse& q) {
  return UserInfo{q.Text(0), q.Text(1), q.Text(2), q.Int(3) != 0, q.Int(4), q.Text(5)};
}

ReviewState ReadReview(const StatementUse& q) {
  return ReviewState{q.Text(0), q.Text(1), q.Text(2), q.Text(3), q.Int(4)};
}

DeviceInfo ReadDevice(const StatementUse& q) {
  DeviceInfo d;
  d.device_id = q.Text(0);
  d.name = q.Text(1);
  d.role = q.Text(2);
  d.groups = GroupsFromText(q.Text(3));
  d.public_key = q.Text(4);
  d.enrolled_ms = q.Int(5);
  d.revoked_ms = q.Int(6);
  return d;
}

}  // namespace

SqliteAccountStore::SqliteAccountStore(sqlite3* db, bool owns_connection)
    : db_(db), owns_connection_(owns_connection), stmts_(std::make_unique<StatementCache>(db)) {
  // AppendAudit's INSERT needs it; were it missing, that INSERT fails (and so the action).
  (void)RegisterAuditChainFunction(db_);
}

std::unique_ptr<SqliteAccountStore> SqliteAccountStore::OnConnection(sqlite3* db) {
  return std::unique_ptr<SqliteAccountStore>(new SqliteAccountStore(db, false));
}

SqliteAccountStore::~SqliteAccountStore() {
  if (in_txn_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  stmts_.reset();  // this store's statements go; the connection stays with its owner
  if (owns_connection_) sqlite3_close_v2(db_);
}

int SqliteAccountStore::SchemaVersion() { return kVersion; }

Result<std::unique_ptr<SqliteAccountStore>> SqliteAccountStore::Open(const std::string& path,
                                                                     bool read_only) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(db, rc, "open " + path);
    sqlite3_close_v2(db);
    return s;
  }
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<SqliteAccountStore> store(new SqliteAccountStore(db, true));
  // The same page-cache bound as the core store's connections (core/sqlite_store.h).
  SOTAY_RETURN_IF_ERROR(store->Exec(kCacheSizePragma, "open"));
  if (!read_only) {
    SOTAY_RETURN_IF_ERROR(store->Exec("PRAGMA synchronous=FULL", "open"));
    SOTAY_RETURN_IF_ERROR(store->Migrate());
  } else {
    Result<int> v = store->FileSchemaVersion();
    if (!v.ok()) return v.status();
    if (*v != kVersion) {
      return Status::Error("store_version_too_old", "cơ sở dữ liệu tài khoản chưa được nâng cấp",
                           "the account tables need migrating", path);
    }
  }
  return store;
}

Status SqliteAccountStore::Exec(const char* sql, std::string_view what) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db_, rc, what);
}

Result<int> SqliteAccountStore::FileSchemaVersion() { return ReadAccountVersion(db_); }

Status SqliteAccountStore::Migrate() { return MigrateSqlite(db_, kMigrations, kAccountVersioning); }

Status SqliteAccountStore::Begin() {
  SOTAY_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE", "Begin"));
  in_txn_ = true;
  return Status::Ok();
}

Status SqliteAccountStore::Commit() {
  Status s = Exec("COMMIT", "Commit");
  if (!s.ok()) (void)Exec("ROLLBACK", "Commit");  // the failed COMMIT is what is reported
  in_txn_ = false;
  return s;
}

Status SqliteAccountStore::Rollback() {
  if (!in_txn_) return Status::Ok();
  in_txn_ = false;
  if (sqlite3_get_autocommit(db_)) return Status::Ok();
  return Exec("ROLLBACK", "Rollback");
}

Result<std::optional<WardInfo>> SqliteAccountStore::GetWard() {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT name, office_public_key, office_secret_wrapped, created_ms "
                      "FROM acct_ward WHERE id = 1",
                      "GetWard");
  return OneRow(db_, q, "GetWard", [](const StatementUse& r) {
    return WardInfo{r.Text(0), r.Text(1), r.Text(2), r.Int(3)};
  });
}

Status SqliteAccountStore::PutWard(const WardInfo& w) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_ward (id, name, office_public_key, "
                      "office_secret_wrapped, created_ms) VALUES (1, ?, ?, ?, ?)",
                      "PutWard");
  q.BindText(1, w.name);
  q.BindText(2, w.office_public_key);
  q.BindText(3, w.office_secret_wrapped);
  q.BindInt(4, w.created_ms);
  return Done(db_, q.Step(), "PutWard");
}

Status SqliteAccountStore::SetOfficeKeys(std::string_view public_key, std::string_view wrapped) {
  SOTAY_USE_STATEMENT(
      q, *stmts_,
      "UPDATE acct_ward SET office_public_key = ?, office_secret_wrapped = ? WHERE id = 1",
      "SetOfficeKeys");
  q.BindText(1, public_key);
  q.BindText(2, wrapped);
  return ChangedOne(db_, q, "SetOfficeKeys", "Phường chưa được khởi tạo",
                    "The ward is not initialised", "ward");
}

Status SqliteAccountStore::AddGroup(const GroupInfo& g) {
  SOTAY_USE_STATEMENT(q, *stmts_, "INSERT INTO acct_groups (id, name, created_ms) VALUES (?,?,?)",
                      "AddGroup");
  q.BindText(1, g.id);
  q.BindText(2, g.name);
  q.BindInt(3, g.created_ms);
  return Done(db_, q.Step(), "AddGroup");
}

Result<std::optional<GroupInfo>> SqliteAccountStore::GetGroup(std::string_view id) {
  SOTAY_USE_STATEMENT(q, *stmts_, "SELECT id, name, created_ms FROM acct_groups WHERE id = ?",
                      "GetGroup");
  q.BindText(1, id);
  return OneRow(db_, q, "GetGroup", ReadGroup);
}

Result<std::vector<GroupInfo>> SqliteAccountStore::ListGroups() {
  SOTAY_USE_STATEMENT(q, *stmts_, "SELECT id, name, created_ms FROM acct_groups ORDER BY id",
                      "ListGroups");
  return AllRows(db_, q, "ListGroups", ReadGroup);
}

Status SqliteAccountStore::AddUser(const UserInfo& u) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_users (username, role, password_hash, disabled, "
                      "created_ms, full_name) VALUES (?,?,?,?,?,?)",
                      "AddUser");
  q.BindText(1, u.username);
  q.BindText(2, u.role);
  q.BindText(3, u.password_hash);
  q.BindInt(4, u.disabled ? 1 : 0);
  q.BindInt(5, u.created_ms);
  q.BindText(6, u.full_name);
  return Done(db_, q.Step(), "AddUser");
}

Result<std::optional<UserInfo>> SqliteAccountStore::GetUser(std::string_view username) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT username, role, password_hash, disabled, created_ms, full_name "
                      "FROM acct_users WHERE username = ?",
                      "GetUser");
  q.BindText(1, username);
  return OneRow(db_, q, "GetUser", ReadUser);
}

Result<std::vector<UserInfo>> SqliteAccountStore::ListUsers() {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT username, role, password_hash, disabled, created_ms, full_name "
                      "FROM acct_users ORDER BY username",
                      "ListUsers");
  return AllRows(db_, q, "ListUsers", ReadUser);
}

Status SqliteAccountStore::SetUserDisabled(std::string_view username, bool disabled) {
  SOTAY_USE_STATEMENT(q, *stmts_, "UPDATE acct_users SET disabled = ? WHERE username = ?",
                      "SetUserDisabled");
  q.BindInt(1, disabled ? 1 : 0);
  return UpdateUser(q, username, "SetUserDisabled");
}

Status SqliteAccountStore::SetUserFullName(std::string_view username, std::string_view full_name) {
  SOTAY_USE_STATEMENT(q, *stmts_, "UPDATE acct_users SET full_name = ? WHERE username = ?",
                      "SetUserFullName");
  q.BindText(1, full_name);
  return UpdateUser(q, username, "SetUserFullName");
}

Status SqliteAccountStore::SetUserPassword(std::string_view username,
                                           std::string_view password_hash) {
  SOTAY_USE_STATEMENT(q, *stmts_, "UPDATE acct_users SET password_hash = ? WHERE username = ?",
                      "SetUserPassword");
  q.BindText(1, password_hash);
  return UpdateUser(q, username, "SetUserPassword");
}

// An UPDATE of one user whose last parameter (2) is the username.
Status SqliteAccountStore::UpdateUser(StatementUse& q, std::string_view username,
                                      std::string_view what) {
  q.BindText(2, username);
  return ChangedOne(db_, q, what, "không có người dùng này", "no such user", username);
}

Status SqliteAccountStore::AddDevice(const DeviceInfo& d) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_devices (device_id, name, role, groups, public_key, "
                      "enrolled_ms, revoked_ms) VALUES (?,?,?,?,?,?,?)",
                      "AddDevice");
  q.BindText(1, d.device_id);
  q.BindText(2, d.name);
  q.BindText(3, d.role);
  q.BindText(4, GroupsToText(d.groups));
  q.BindText(5, d.public_key);
  q.BindInt(6, d.enrolled_ms);
  q.BindInt(7, d.revoked_ms);
  return Done(db_, q.Step(), "AddDevice");
}

Result<std::optional<DeviceInfo>> SqliteAccountStore::GetDevice(std::string_view device_id) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT device_id, name, role, groups, public_key, enrolled_ms, "
                      "revoked_ms FROM acct_devices WHERE device_id = ?",
                      "GetDevice");
  q.BindText(1, device_id);
  return OneRow(db_, q, "GetDevice", ReadDevice);
}

Result<std::vector<DeviceInfo>> SqliteAccountStore::ListDevices() {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT device_id, name, role, groups, public_key, enrolled_ms, "
                      "revoked_ms FROM acct_devices ORDER BY enrolled_ms, device_id",
                      "ListDevices");
  return AllRows(db_, q, "ListDevices", ReadDevice);
}

Status SqliteAccountStore::RevokeDevice(std::string_view device_id, int64_t at_ms) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "UPDATE acct_devices SET revoked_ms = CASE WHEN revoked_ms = 0 THEN ? "
                      "ELSE revoked_ms END WHERE device_id = ?",
                      "RevokeDevice");
  q.BindInt(1, at_ms);
  q.BindText(2, device_id);
  return ChangedOne(db_, q, "RevokeDevice", "không có thiết bị này", "no such device", device_id);
}

Status SqliteAccountStore::AddEnrollCode(const EnrollCode& c) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_enroll_codes (digest, role, groups, created_ms, "
                      "expires_ms, used_ms, used_by_device) VALUES (?,?,?,?,?,?,?)",
                      "AddEnrollCode");
  q.BindText(1, c.digest);
  q.BindText(2, c.role);
  q.BindText(3, GroupsToText(c.groups));
  q.BindInt(4, c.created_ms);
  q.BindInt(5, c.expires_ms);
  q.BindInt(6, c.used_ms);
  q.BindText(7, c.used_by_device);
  return Done(db_, q.Step(), "AddEnrollCode");
}

Result<std::optional<EnrollCode>> SqliteAccountStore::ClaimEnrollCode(std::string_view digest,
                                                                      int64_t now_ms,
                                                                      std::string_view device_id) {
  {
    // The UPDATE's WHERE makes the claim atomic: two racing enrollments cannot both
    // change the row.
    SOTAY_USE_STATEMENT(u, *stmts_,
                        "UPDATE acct_enroll_codes SET used_ms = ?, used_by_device = ? "
                        "WHERE digest = ? AND used_ms = 0 AND expires_ms > ?",
                        "ClaimEnrollCode");
    u.BindInt(1, now_ms);
    u.BindText(2, device_id);
    u.BindText(3, digest);
    u.BindInt(4, now_ms);
    SOTAY_RETURN_IF_ERROR(Done(db_, u.Step(), "ClaimEnrollCode"));
    if (sqlite3_changes(db_) == 0) return std::optional<EnrollCode>();
  }
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT digest, role, groups, created_ms, expires_ms, used_ms, "
                      "used_by_device FROM acct_enroll_codes WHERE digest = ?",
                      "ClaimEnrollCode");
  q.BindText(1, digest);
  int rc = q.Step();
  if (rc != SQLITE_ROW)
    return SqliteStatus(db_, rc == SQLITE_DONE ? SQLITE_ERROR : rc, "ClaimEnrollCode");
  return std::optional<EnrollCode>(EnrollCode{q.Text(0), q.Text(1), GroupsFromText(q.Text(2)),
                                              q.Int(3), q.Int(4), q.Int(5), q.Text(6)});
}

Status SqliteAccountStore::AddSession(const Session& s) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_sessions (digest, subject_kind, subject_id, role, "
                      "groups, created_ms, expires_ms) VALUES (?,?,?,?,?,?,?)",
                      "AddSession");
  q.BindText(1, s.digest);
  q.BindText(2, s.subject_kind);
  q.BindText(3, s.subject_id);
  q.BindText(4, s.role);
  q.BindText(5, GroupsToText(s.groups));
  q.BindInt(6, s.created_ms);
  q.BindInt(7, s.expires_ms);
  return Done(db_, q.Step(), "AddSession");
}

Result<std::optional<Session>> SqliteAccountStore::GetSession(std::string_view digest) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT digest, subject_kind, subject_id, role, groups, created_ms, "
                      "expires_ms FROM acct_sessions WHERE digest = ?",
                      "GetSession");
  q.BindText(1, digest);
  return OneRow(db_, q, "GetSession", [](const StatementUse& r) {
    return Session{r.Text(0), r.Text(1), r.Text(2), r.Text(3), GroupsFromText(r.Text(4)),
                   r.Int(5),  r.Int(6)};
  });
}

Status SqliteAccountStore::DeleteSession(std::string_view digest) {
  SOTAY_USE_STATEMENT(q, *stmts_, "DELETE FROM acct_sessions WHERE digest = ?", "DeleteSession");
  q.BindText(1, digest);
  return Done(db_, q.Step(), "DeleteSession");
}

Status SqliteAccountStore::DeleteSessionsOf(std::string_view kind, std::string_view id) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "DELETE FROM acct_sessions WHERE subject_kind = ? AND subject_id = ?",
                      "DeleteSessionsOf");
  q.BindText(1, kind);
  q.BindText(2, id);
  return Done(db_, q.Step(), "DeleteSessionsOf");
}

Status SqliteAccountStore::DeleteExpiredSessions(int64_t now_ms) {
  SOTAY_USE_STATEMENT(q, *stmts_, "DELETE FROM acct_sessions WHERE expires_ms <= ?",
                      "DeleteExpiredSessions");
  q.BindInt(1, now_ms);
  return Done(db_, q.Step(), "DeleteExpiredSessions");
}

Result<bool> SqliteAccountStore::ClaimSessionStamp(std::string_view device_id, int64_t timestamp_s,
                                                   int64_t forget_before_s) {
  {
    SOTAY_USE_STATEMENT(q, *stmts_, "DELETE FROM acct_session_stamps WHERE timestamp_s < ?",
                        "ClaimSessionStamp");
    q.BindInt(1, forget_before_s);
    SOTAY_RETURN_IF_ERROR(Done(db_, q.Step(), "ClaimSessionStamp"));
  }
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT OR IGNORE INTO acct_session_stamps (device_id, timestamp_s) "
                      "VALUES (?, ?)",
                      "ClaimSessionStamp");
  q.BindText(1, device_id);
  q.BindInt(2, timestamp_s);
  SOTAY_RETURN_IF_ERROR(Done(db_, q.Step(), "ClaimSessionStamp"));
  return sqlite3_changes(db_) == 1;
}

Status SqliteAccountStore::AppendAudit(AuditEntry& e) {
  // The chain value comes from the newest row within this statement's write lock.
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_audit (at_ms, actor, action, target, detail, chain) "
                      "VALUES (?1,?2,?3,?4,?5, sotay_audit_chain(coalesce((SELECT chain FROM "
                      "acct_audit ORDER BY id DESC LIMIT 1), ''),?1,?2,?3,?4,?5))",
                      "AppendAudit");
  q.BindInt(1, e.at_ms);
  q.BindText(2, e.actor);
  q.BindText(3, e.action);
  q.BindText(4, e.target);
  q.BindText(5, e.detail.dump(-1, ' ', false, Json::error_handler_t::replace));
  SOTAY_RETURN_IF_ERROR(Done(db_, q.Step(), "AppendAudit"));
  e.id = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Result<std::vector<AuditEntry>> SqliteAccountStore::ListAudit(const AuditQuery& query) {
  // Two statements rather than one ORDER BY expression, so both walk the primary key.
#define AUDIT_SELECT                                                 \
  "SELECT id, at_ms, actor, action, target, detail FROM acct_audit " \
  "WHERE (?3 = '' OR actor = ?3) AND (?4 = '' OR action = ?4) AND "
  const char* sql = query.newest_first ? AUDIT_SELECT
                        "(?1 = 0 OR id < ?1) ORDER BY id DESC LIMIT ?2"
                                       : AUDIT_SELECT "id > ?1 ORDER BY id LIMIT ?2";
#undef AUDIT_SELECT
  SOTAY_USE_STATEMENT(q, *stmts_, sql, "ListAudit");
  q.BindInt(1, query.newest_first ? query.before_id : query.after_id);
  q.BindInt(2, query.limit > 0 ? query.limit : -1);
  q.BindText(3, query.actor);
  q.BindText(4, query.action);
  return AllRows(db_, q, "ListAudit", [](const StatementUse& r) {
    Json detail = Json::parse(r.Text(5), nullptr, false);
    if (detail.is_discarded()) detail = Json::object();
    return AuditEntry{r.Int(0), r.Int(1), r.Text(2), r.Text(3), r.Text(4), detail};
  });
}

Result<AuditChainReport> SqliteAccountStore::VerifyAuditChain(std::string_view noted) {
  return sotay::VerifyAuditChain(db_, noted);
}

Status SqliteAccountStore::PutReview(const ReviewState& r) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT OR REPLACE INTO acct_reviews (record_id, state, comment, "
                      "reviewed_by, at_ms) VALUES (?,?,?,?,?)",
                      "PutReview");
  q.BindText(1, r.record_id);
  q.BindText(2, r.state);
  q.BindText(3, r.comment);
  q.BindText(4, r.by);
  q.BindInt(5, r.at_ms);
  return Done(db_, q.Step(), "PutReview");
}

Result<std::optional<ReviewState>> SqliteAccountStore::GetReview(std::string_view record_id) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT record_id, state, comment, reviewed_by, at_ms FROM acct_reviews "
                      "WHERE record_id = ?",
                      "GetReview");
  q.BindText(1, record_id);
  return OneRow(db_, q, "GetReview", ReadReview);
}

Result<std::vector<ReviewState>> SqliteAccountStore::ListReviews() {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT record_id, state, comment, reviewed_by, at_ms FROM acct_reviews "
                      "ORDER BY record_id",
                      "ListReviews");
  return AllRows(db_, q, "ListReviews", ReadReview);
}

Status SqliteAccountStore::AddManualValue(ManualEntry& e) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "INSERT INTO acct_manual_values (indicator, period, value, note, "
                      "entered_by, entered_ms) VALUES (?,?,?,?,?,?)",
                      "AddManualValue");
  q.BindText(1, e.indicator);
  q.BindText(2, e.period);
  q.BindDouble(3, e.value);
  q.BindText(4, e.note);
  q.BindText(5, e.entered_by);
  q.BindInt(6, e.entered_ms);
  SOTAY_RETURN_IF_ERROR(Done(db_, q.Step(), "AddManualValue"));
  e.id = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

Result<std::vector<ManualEntry>> SqliteAccountStore::ListManualValues(std::string_view indicator) {
  SOTAY_USE_STATEMENT(q, *stmts_,
                      "SELECT id, indicator, period, value, note, entered_by, entered_ms "
                      "FROM acct_manual_values WHERE ?1 = '' OR indicator = ?1 "
                      "ORDER BY id DESC",
                      "ListManualValues");
  q.BindText(1, indicator);
  return AllRows(db_, q, "ListManualValues", [](const StatementUse& r) {
    return ManualEntry{r.Int(0), r.Text(1), r.Text(2), r.Double(3), r.Text(4), r.Text(5), r.Int(6)};
  });
}

Status SqliteAccountStore::PutSnapshots(const std::vector<IndicatorSnapshot>& snapshots) {
  for (const IndicatorSnapshot& s : snapshots) {
    SOTAY_USE_STATEMENT(q, *stmts_,
                        "INSERT OR REPLACE INTO acct_indicator_snapshots (month, indicator, "
                        "value, taken_ms, as_of) VALUES (?,?,?,?,?)",
                        "PutSnapshots");
    q.BindText(1, s.month);
    q.BindText(2, s.indicator);
    if (s.value.has_value()) {
      q.BindDouble(3, *s.value);
    } else {
      q.BindNull(3);
    }
    q.BindInt(4, s.taken_ms);
    q.BindText(5, s.as_of);
    SOTAY_RETURN_IF_ERROR(Done(db_, q.Step(), "PutSnapshots"));
  }
  return Status::Ok();
}

Result<std::vector<IndicatorSnapshot>> SqliteAccountStore::ListSnapshots(
    std::string_view first_month, std::string_view last_month) {
  SOTAY_USE_STATEMENT(
      q, *stmts_,
      "SELECT month, indicator, value, taken_ms, as_of FROM acct_indicator_snapshots "
      "WHERE month >= ? AND month <= ? ORDER BY month, indicator",
      "ListSnapshots");
  q.BindText(1, first_month);
  q.BindText(2, last_month);
  return AllRows(db_, q, "ListSnapshots", [](const StatementUse& r) {
    IndicatorSnapshot s{r.Text(0), r.Text(1), std::nullopt, r.Int(3), r.Text(4)};
    if (!r.IsNull(2)) s.value = r.Double(2);
    return s;
  });
}

}  // namespace sotay
