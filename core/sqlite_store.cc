// SqliteStore: opening, transactions, backup, records, metadata and facts. The change
// log, receipts, conflicts, quarantine and outbox are in sqlite_store_log.cc.
#include "core/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#include "core/field_check.h"
#include "core/sqlite_error.h"
#include "core/sqlite_migrations.h"
#include "core/sqlite_rows.h"
#include "core/sqlite_savepoint.h"
#include "core/sqlite_stmt.h"

namespace sotay {

using sqlite_rows::Corrupt;
using sqlite_rows::InvalidArgument;

namespace {

constexpr const char* kBegin = "BEGIN IMMEDIATE";
constexpr const char* kBeginRead = "BEGIN";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";

constexpr const char* kGetRecord =
    "SELECT id, type, group_id, parent_id, deleted, fields FROM records WHERE id = ?1";
constexpr const char* kPutRecord =
    "INSERT INTO records (id, type, group_id, parent_id, deleted, fields, seq) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
    "group_id = excluded.group_id, parent_id = excluded.parent_id, "
    "deleted = excluded.deleted, fields = excluded.fields, seq = excluded.seq";

constexpr const char* kGetMeta = "SELECT value FROM meta WHERE key = ?1";
constexpr const char* kSetMeta =
    "INSERT INTO meta (key, value) VALUES (?1, ?2) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value";

constexpr const char* kDeleteFacts = "DELETE FROM record_facts WHERE record_id = ?1";
constexpr const char* kSelectFacts =
    "SELECT period, group_id, indicators FROM record_facts "
    "WHERE record_id = ?1 ORDER BY period, group_id";
constexpr const char* kInsertFacts =
    "INSERT INTO record_facts (record_id, period, group_id, indicators) VALUES (?1, ?2, ?3, ?4)";
// Adds ?2 (+1 or -1) times the record's current facts (the `facts` view) to fact_totals.
// The WHERE clause also settles SQLite's parse of INSERT ... SELECT ... ON CONFLICT.
constexpr const char* kAddToTotals =
    "INSERT INTO fact_totals (period, group_id, indicator, numerator, denominator, facts) "
    "SELECT period, group_id, indicator, ?2 * numerator, ?2 * denominator, ?2 FROM facts "
    "WHERE record_id = ?1 ON CONFLICT (period, group_id, indicator) DO UPDATE SET "
    "numerator = numerator + excluded.numerator, "
    "denominator = denominator + excluded.denominator, facts = facts + excluded.facts";
// Drops the totals the record's current facts were the last ones counted in.
constexpr const char* kDropEmptyTotals =
    "DELETE FROM fact_totals WHERE facts = 0 AND (period, group_id, indicator) IN "
    "(SELECT period, group_id, indicator FROM facts WHERE record_id = ?1)";
constexpr const char* kAggregateFacts =
    "SELECT group_id, indicator, numerator, denominator, facts FROM fact_totals "
    "WHERE period = ?1 ORDER BY group_id, indicator";

// Record queries: one statement per combination of filters, built once per process, so
// each combination keeps an index-friendly WHERE clause (no "?1 IS NULL OR ..." which
// would defeat the indexes). Parameters: ?1 include_deleted, ?2 type, ?3 group_id,
// ?4 parent_id.
enum ParentFilter { kAnyParent = 0, kNoParent = 1, kThisParent = 2 };

struct RecordSql {
  std::array<std::string, 12> select;
  std::array<std::string, 12> count;
  std::array<std::string, 12> ids;
};

int RecordVariant(const RecordQuery& q) {
  int parent = !q.parent_id ? kAnyParent : q.parent_id->empty() ? kNoParent : kThisParent;
  return (q.type.empty() ? 0 : 1) | (q.group_id.empty() ? 0 : 2) | (parent << 2);
}

const RecordSql& RecordQueries() {
  static const RecordSql sql = [] {
    RecordSql s;
    for (int v = 0; v < 12; ++v) {
      std::string where = " FROM records WHERE deleted <= ?1";
      if (v & 1) where += " AND type = ?2";
      if (v & 2) where += " AND group_id = ?3";
      if ((v >> 2) == kNoParent) where += " AND parent_id IS NULL";
      if ((v >> 2) == kThisParent) where += " AND parent_id = ?4";
      s.select[v] =
          "SELECT id, type, group_id, parent_id, deleted, fields" + where + " ORDER BY id";
      s.count[v] = "SELECT count(*)" + where;
      s.ids[v] = "SELECT id" + where + " ORDER BY id";
    }
    return s;
  }();
  return sql;
}

void BindRecordQuery(StatementUse& q, const RecordQuery& query) {
  q.BindInt(1, query.include_deleted ? 1 : 0);
  if (!query.type.empty()) q.BindText(2, query.type);
  if (!query.group_id.empty()) q.BindText(3, query.group_id);
  if (query.parent_id && !query.parent_id->empty()) q.BindText(4, *query.parent_id);
}

bool ReadRecordRow(const StatementUse& q, Record& r) {
  r.id = q.Text(0);
  r.type = q.Text(1);
  r.group_id = q.Text(2);
  r.parent_id = q.Text(3);
  r.deleted = q.Int(4) != 0;
  return sqlite_rows::DecodeFields(q.Text(5), r);
}

// Runs a PRAGMA (or any statement) at open time; returns the first column of the first
// row, if any.
Result<std::string> Pragma(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  std::string first;
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      const unsigned char* t = sqlite3_column_text(stmt, 0);
      if (t != nullptr) first = reinterpret_cast<const char*>(t);
      while (rc == SQLITE_ROW) rc = sqlite3_step(stmt);
    }
  }
  Status s = rc == SQLITE_DONE || rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db, rc, sql);
  sqlite3_finalize(stmt);
  if (!s.ok()) return s;
  return first;
}

// Without shared memory (wasm has no real mmap of files, IDBFS even less), WAL needs
// EXCLUSIVE locking set before the first access; a wasm process is the file's only user
// anyway.
#ifdef __EMSCRIPTEN__
constexpr bool kAlwaysExclusive = true;
#else
constexpr bool kAlwaysExclusive = false;
#endif

// Opens a connection for backup and restore.
int OpenRaw(const std::string& path, int flags, sqlite3** db) {
  int rc = sqlite3_open_v2(path.c_str(), db, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc == SQLITE_OK && kAlwaysExclusive) {
    rc = sqlite3_exec(*db, "PRAGMA locking_mode=EXCLUSIVE", nullptr, nullptr, nullptr);
  }
  return rc;
}

// Pragmas of an open connection; locking_mode was set by Open().
Status Configure(sqlite3* db, const SqliteOptions& o) {
  const bool memory = o.path == ":memory:" || o.path.empty();
  const bool browser = o.browser_mode && !o.read_only;
  std::vector<std::string> pragmas;
  // Takes effect only for a new file, before its first page is written.
  if (browser) pragmas.push_back("page_size=8192");
  // WAL: readers never block the single writer, and (browser) a save writes only the
  // small WAL file. Checked below: never MEMORY/OFF, which IDBFS would save corrupt.
  if (!o.read_only && !memory) pragmas.push_back("journal_mode=WAL");
  if (browser) {
    pragmas.push_back("journal_size_limit=0");
    pragmas.push_back("wal_autocheckpoint=100");
  }
  pragmas.push_back("foreign_keys=ON");
  pragmas.push_back(o.durability == Durability::kFull ? "synchronous=FULL" : "synchronous=NORMAL");
  if (o.max_pages > 0) pragmas.push_back("max_page_count=" + std::to_string(o.max_pages));
  if (o.cache_kib > 0) pragmas.push_back("cache_size=-" + std::to_string(o.cache_kib));
  for (const std::string& p : pragmas) {
    Result<std::string> r = Pragma(db, "PRAGMA " + p);
    if (!r.ok()) return r.status();
    if (p == "journal_mode=WAL" && *r != "wal") {
      return Status::Error("store_error", "không bật được chế độ WAL (" + *r + ")",
                           "could not enable WAL journal mode (got " + *r + ")");
    }
  }
  return Status::Ok();
}

Status CheckVersionForReading(sqlite3* db) {
  Result<int> version = ReadSqliteSchemaVersion(db);
  if (!version.ok()) return version.status();
  std::string found = std::to_string(*version);
  std::string known = std::to_string(SqliteSchemaVersion());
  if (*version > SqliteSchemaVersion()) {
    return Status::Error("store_version_too_new",
                         "cơ sở dữ liệu có phiên bản " + found + ", mới hơn phiên bản " + known +
                             " mà chương trình này biết; hãy cập nhật chương trình",
                         "the database has schema version " + found + ", newer than version " +
                             known + " known to this program; update the program");
  }
  if (*version < SqliteSchemaVersion()) {
    return Status::Error("store_version_too_old",
                         "cơ sở dữ liệu phiên bản " + found + " cần được nâng cấp lên " + known +
                             " trước khi mở chỉ để đọc",
                         "the database has schema version " + found + " and must be migrated to " +
                             known + " before it is opened read-only");
  }
  return Status::Ok();
}

// Copies the whole of `from` into `to` with the online backup API.
Status CopyDatabase(sqlite3* from, sqlite3* to, std::string_view what) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return SqliteStatus(to, sqlite3_errcode(to), what);
  // One step copies everything inside one read transaction of `from`: a consistent
  // snapshot, and in WAL mode the writer is never blocked meanwhile.
  int rc = sqlite3_backup_step(backup, -1);
  int finish = sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) return SqliteStatus(nullptr, rc, what);
  if (finish != SQLITE_OK) return SqliteStatus(to, finish, what);
  return Status::Ok();
}

void AppendDumpValue(sqlite3_stmt* stmt, int col, std::string& out) {
  switch (sqlite3_column_type(stmt, col)) {
    case SQLITE_NULL:
      out += "NULL";
      break;
    case SQLITE_INTEGER:
      out += std::to_string(sqlite3_column_int64(stmt, col));
      break;
    case SQLITE_FLOAT: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", sqlite3_column_double(stmt, col));
      out += buf;
      break;
    }
    default: {
      const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
      out += '\'';
      out.append(t, static_cast<size_t>(sqlite3_column_bytes(stmt, col)));
      out += '\'';
    }
  }
}

}  // namespace

SqliteStore::SqliteStore(sqlite3* db, bool read_only)
    : db_(db), read_only_(read_only), stmts_(std::make_unique<StatementCache>(db)) {}

SqliteStore::~SqliteStore() {
  stmts_.reset();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

Result<std::unique_ptr<SqliteStore>> SqliteStore::Open(const SqliteOptions& options) {
  int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  // One thread at a time per store (see Store), so SQLite's own mutexes are not needed.
  flags |= SQLITE_OPEN_NOMUTEX;
  std::string path = options.path.empty() ? ":memory:" : options.path;
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(db, rc, "open " + path);
    sqlite3_close_v2(db);
    return s;
  }
  std::unique_ptr<SqliteStore> store(new SqliteStore(db, options.read_only));
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  if (options.browser_mode || kAlwaysExclusive) {
    // Before anything reads the file: see kAlwaysExclusive.
    Result<std::string> mode = Pragma(db, "PRAGMA locking_mode=EXCLUSIVE");
    if (!mode.ok()) return mode.status();
  }
  // Refuse a newer database before touching it (Configure may switch it to WAL).
  Result<int> version = ReadSqliteSchemaVersion(db);
  if (!version.ok()) return version.status();
  if (*version > SqliteSchemaVersion()) return CheckVersionForReading(db);
  SOTAY_RETURN_IF_ERROR(Configure(db, options));
  SOTAY_RETURN_IF_ERROR(options.read_only ? CheckVersionForReading(db) : MigrateSqlite(db));
  return store;
}

Result<int64_t> SqliteStore::CacheLimitKib() {
  Result<std::string> size = Pragma(db_, "PRAGMA cache_size");
  if (!size.ok()) return size.status();
  // Negative: KiB; positive: pages.
  int64_t n = std::stoll(*size);
  if (n <= 0) return -n;
  Result<std::string> page = Pragma(db_, "PRAGMA page_size");
  if (!page.ok()) return page.status();
  return n * std::stoll(*page) / 1024;
}

int64_t SqliteStore::CacheUsedBytes() const {
  int current = 0, highwater = 0;
  sqlite3_db_status(db_, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0);
  return current;
}

Status SqliteStore::Error(int rc, std::string_view what) { return SqliteStatus(db_, rc, what); }

Status SqliteStore::Run(const char* sql, std::string_view what) {
  SOTAY_USE_STATEMENT(q, *stmts_, sql, what);
  int rc = q.Step();
  while (rc == SQLITE_ROW) rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, what);
}

// ---- transactions --------------------------------------------------------------------

Status SqliteStore::Begin() {
  // IMMEDIATE takes the write lock now, so a write transaction never fails half-way
  // because another writer got there first; readers take a snapshot at the first read.
  return Run(read_only_ ? kBeginRead : kBegin, "Begin");
}

Status SqliteStore::Commit() {
  Status s = Run(kCommit, "Commit");
  if (!s.ok() && sqlite3_get_autocommit(db_) == 0) (void)Run(kRollback, "Rollback");
  return s;
}

Status SqliteStore::Rollback() {
  if (sqlite3_get_autocommit(db_) != 0) return Status::Ok();  // nothing open
  return Run(kRollback, "Rollback");
}

Status SqliteStore::BeginPart() { return Run("SAVEPOINT store_part", "BeginPart"); }

Status SqliteStore::EndPart() { return Run("RELEASE store_part", "EndPart"); }

Status SqliteStore::UndoPart() {
  if (sqlite3_get_autocommit(db_) != 0) {
    return Status::Error("store_rolled_back", "Giao dịch đã bị hủy toàn bộ",
                         "The whole transaction was rolled back", "UndoPart");
  }
  SOTAY_RETURN_IF_ERROR(Run("ROLLBACK TO store_part", "UndoPart"));
  return Run("RELEASE store_part", "UndoPart");
}

// ---- backup and restore ------------------------------------------------------------

Status SqliteStore::BackupTo(const std::string& path) {
  std::string partial = path + ".partial";
  std::error_code ec;
  std::filesystem::remove(partial, ec);
  sqlite3* dest = nullptr;
  int rc = OpenRaw(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dest);
  Status s = rc == SQLITE_OK ? CopyDatabase(db_, dest, "BackupTo")
                             : SqliteStatus(dest, rc, "BackupTo " + partial);
  // A self-contained file (no -wal beside it) that can be copied and opened anywhere.
  if (s.ok()) {
    Result<std::string> mode = Pragma(dest, "PRAGMA journal_mode=DELETE");
    if (!mode.ok()) s = mode.status();
  }
  rc = sqlite3_close_v2(dest);
  if (s.ok() && rc != SQLITE_OK) s = SqliteStatus(nullptr, rc, "BackupTo close");
  if (s.ok()) {
    std::filesystem::rename(partial, path, ec);
    if (ec) {
      s = Status::Error("store_io", "không đổi tên được tệp sao lưu: " + ec.message(),
                        "could not rename the backup file: " + ec.message(), path);
    }
  }
  if (!s.ok()) std::filesystem::remove(partial, ec);
  return s;
}

Status SqliteStore::RestoreFrom(const std::string& backup_path, const std::string& db_path) {
  sqlite3* src = nullptr;
  int rc = OpenRaw(backup_path, SQLITE_OPEN_READONLY, &src);
  Status s = rc == SQLITE_OK ? Status::Ok() : SqliteStatus(src, rc, "RestoreFrom " + backup_path);
  if (s.ok()) {
    Result<std::string> check = Pragma(src, "PRAGMA quick_check");
    if (!check.ok()) {
      s = check.status();
    } else if (*check != "ok") {
      s = Status::Error("store_corrupt", "tệp sao lưu bị hỏng: " + *check,
                        "the backup file is damaged: " + *check, backup_path);
    }
  }
  if (s.ok()) {
    Result<int> version = ReadSqliteSchemaVersion(src);
    if (!version.ok()) {
      s = version.status();
    } else if (*version == 0) {
      s = InvalidArgument("tệp không phải bản sao lưu của Sổ tay",
                          "the file is not a Sổ tay backup")
              .WithPathPrefix(backup_path);
    } else if (*version > SqliteSchemaVersion()) {
      s = CheckVersionForReading(src);
    }
  }
  if (s.ok()) {
    sqlite3* dest = nullptr;
    rc = OpenRaw(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dest);
    s = rc == SQLITE_OK ? CopyDatabase(src, dest, "RestoreFrom")
                        : SqliteStatus(dest, rc, "RestoreFrom " + db_path);
    sqlite3_close_v2(dest);
  }
  sqlite3_close_v2(src);
  return s;
}

// ---- dump ----------------------------------------------------------------------------

Result<std::string> SqliteStore::Dump() {
  // Built per call on purpose: a debugging aid, not a hot path.
  std::vector<std::string> tables;
  {
    SOTAY_USE_STATEMENT(
        q, *stmts_, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name", "Dump");
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) tables.push_back(q.Text(0));
    if (rc != SQLITE_DONE) return Error(rc, "Dump");
  }
  Result<int> version = ReadSqliteSchemaVersion(db_);
  if (!version.ok()) return version.status();
  std::string out = "user_version " + std::to_string(*version) + "\n";
  for (const std::string& table : tables) {
    std::string sql = "SELECT * FROM \"" + table + "\"";
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "Dump");
    int columns = sqlite3_column_count(stmt);
    sqlite3_finalize(stmt);
    sql += " ORDER BY 1";
    for (int c = 2; c <= columns; ++c) sql += ", " + std::to_string(c);
    rc = sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, "Dump");
    out += "table " + table + "\n";
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      for (int c = 0; c < columns; ++c) {
        if (c > 0) out += '|';
        AppendDumpValue(stmt, c, out);
      }
      out += '\n';
    }
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) return Error(rc, "Dump");
  }
  return out;
}

// ---- records -------------------------------------------------------------------------

Result<std::optional<Record>> SqliteStore::GetRecord(std::string_view id) {
  SOTAY_USE_STATEMENT(q, *stmts_, kGetRecord, "GetRecord");
  q.BindText(1, id);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<Record>();
  if (rc != SQLITE_ROW) return Error(rc, "GetRecord");
  Record r;
  if (!ReadRecordRow(q, r)) return Corrupt("GetRecord");
  return std::optional<Record>(std::move(r));
}

Status SqliteStore::PutRecord(const Record& record) {
  SOTAY_USE_STATEMENT(q, *stmts_, kPutRecord, "PutRecord");
  q.BindText(1, record.id);
  q.BindText(2, record.type);
  q.BindText(3, record.group_id);
  q.BindTextOrNull(4, record.parent_id);
  q.BindInt(5, record.deleted ? 1 : 0);
  q.BindText(6, sqlite_rows::EncodeFields(record));
  // The record's place in the change log: its latest logged write.
  int64_t seq = 0;
  for (const auto& [name, fv] : record.fields) seq = std::max(seq, fv.seq);
  q.BindInt(7, seq);
  int rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "PutRecord");
}

Status SqliteStore::ForEachRecord(const RecordQuery& query,
                                  const std::function<bool(const Record&)>& fn) {
  const char* sql = RecordQueries().select[RecordVariant(query)].c_str();
  Result<sqlite3_stmt*> stmt = stmts_->Get(sql, "ForEachRecord");
  if (!stmt.ok()) return stmt.status();
  // A callback that calls back into the store with the same query would reset the
  // statement under the running loop.
  if (sqlite3_stmt_busy(*stmt)) {
    return InvalidArgument("không được gọi ForEachRecord lồng nhau",
                           "ForEachRecord must not be called from its own callback");
  }
  StatementUse q(*stmt);
  BindRecordQuery(q, query);
  int rc;
  Record r;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!ReadRecordRow(q, r)) return Corrupt("ForEachRecord");
    if (!fn(r)) return Status::Ok();
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "ForEachRecord");
}

Result<int64_t> SqliteStore::CountRecords(const RecordQuery& query) {
  const char* sql = RecordQueries().count[RecordVariant(query)].c_str();
  SOTAY_USE_STATEMENT(q, *stmts_, sql, "CountRecords");
  BindRecordQuery(q, query);
  int rc = q.Step();
  if (rc != SQLITE_ROW) return Error(rc, "CountRecords");
  return q.Int(0);
}

Result<std::vector<std::string>> SqliteStore::RecordIds(const RecordQuery& query) {
  const char* sql = RecordQueries().ids[RecordVariant(query)].c_str();
  SOTAY_USE_STATEMENT(q, *stmts_, sql, "RecordIds");
  BindRecordQuery(q, query);
  std::vector<std::string> ids;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) ids.push_back(q.Text(0));
  if (rc != SQLITE_DONE) return Error(rc, "RecordIds");
  return ids;
}

// ---- metadata ------------------------------------------------------------------------

Result<std::optional<std::string>> SqliteStore::GetMeta(std::string_view key) {
  SOTAY_USE_STATEMENT(q, *stmts_, kGetMeta, "GetMeta");
  q.BindText(1, key);
  int rc = q.Step();
  if (rc == SQLITE_DONE) return std::optional<std::string>();
  if (rc != SQLITE_ROW) return Error(rc, "GetMeta");
  return std::optional<std::string>(q.Text(0));
}

Status SqliteStore::SetMeta(std::string_view key, std::string_view value) {
  SOTAY_USE_STATEMENT(q, *stmts_, kSetMeta, "SetMeta");
  q.BindText(1, key);
  q.BindText(2, value);
  int rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "SetMeta");
}

// ---- sealed values ---------------------------------------------------------------------

namespace {

// The columns that can hold a sealed value, as JSON text: a record's or history entry's
// fields, a conflict's values, a quarantined change (its value and the raw change), an
// unsent change. Each read in rowid batches, so rows updated behind the cursor are not
// read again.
struct SealedColumn {
  const char* select;  // ?1: the last rowid done; rowid and text, at most kSealedBatch rows
  const char* update;  // ?1: rowid, ?2: the new text
};
constexpr int kSealedBatch = 512;
#define SOTAY_SEALED_COLUMN(table, column)                                       \
  SealedColumn {                                                                 \
    "SELECT rowid, " column " FROM " table " WHERE rowid > ?1 AND instr(" column \
    ", '\"sealed\"') > 0 ORDER BY rowid LIMIT 512",                              \
        "UPDATE " table " SET " column " = ?2 WHERE rowid = ?1"                  \
  }
const SealedColumn kSealedColumns[] = {
    SOTAY_SEALED_COLUMN("records", "fields"),
    SOTAY_SEALED_COLUMN("history", "fields"),
    SOTAY_SEALED_COLUMN("conflicts", "winning_value"),
    SOTAY_SEALED_COLUMN("conflicts", "losing_value"),
    SOTAY_SEALED_COLUMN("conflicts", "resolution"),
    SOTAY_SEALED_COLUMN("quarantine", "value"),
    SOTAY_SEALED_COLUMN("quarantine", "raw"),
    SOTAY_SEALED_COLUMN("outbox", "value"),
};
#undef SOTAY_SEALED_COLUMN

// Replaces each envelope inside `value` that `reseal` replaces; counts them in `n`.
void ResealWithin(Json& value, const Store::SealedRewrite& reseal, int64_t& n) {
  if (IsSealedEnvelope(value)) {
    if (std::optional<Json> next = reseal(value)) {
      value = std::move(*next);
      ++n;
    }
    return;
  }
  if (value.is_object() || value.is_array()) {
    for (Json& child : value) ResealWithin(child, reseal, n);
  }
}

}  // namespace

Result<int64_t> SqliteStore::RewriteSealedValues(const SealedRewrite& reseal) {
  int64_t replaced = 0;
  for (const SealedColumn& column : kSealedColumns) {
    for (int64_t after = 0;;) {
      std::vector<std::pair<int64_t, std::string>> rows;
      {
        SOTAY_USE_STATEMENT(q, *stmts_, column.select, "RewriteSealedValues");
        q.BindInt(1, after);
        int rc;
        while ((rc = q.Step()) == SQLITE_ROW) rows.emplace_back(q.Int(0), q.Text(1));
        if (rc != SQLITE_DONE) return Error(rc, "RewriteSealedValues");
      }
      for (auto& [rowid, text] : rows) {
        after = rowid;
        Json value;
        if (!sqlite_rows::ParseJson(text, value)) continue;  // not JSON: holds no envelope
        int64_t n = 0;
        ResealWithin(value, reseal, n);
        if (n == 0) continue;
        SOTAY_USE_STATEMENT(u, *stmts_, column.update, "RewriteSealedValues");
        u.BindInt(1, rowid);
        u.BindText(2, sqlite_rows::DumpJson(value));
        int rc = u.Step();
        if (rc != SQLITE_DONE) return Error(rc, "RewriteSealedValues");
        replaced += n;
      }
      if (static_cast<int>(rows.size()) < kSealedBatch) break;
    }
  }
  return replaced;
}

// ---- indicator facts -------------------------------------------------------------------

// One record_facts row: a period and group, and the record's indicators there as
// {"indicator": [numerator, denominator], ...} in indicator order.
struct FactsRow {
  std::string period;
  std::string group_id;
  std::string indicators;
  bool operator==(const FactsRow&) const = default;
};

namespace {

// The rows `facts` pack into, ordered by (period, group_id) as kSelectFacts reads them.
// Fails with store_constraint when an indicator appears twice in a period.
Result<std::vector<FactsRow>> PackFacts(const std::vector<Fact>& facts) {
  std::map<std::pair<std::string, std::string>, Json> rows;
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const Fact& f : facts) {
    if (!seen.emplace(f.period, f.indicator).second) {
      return Status::Error("store_constraint",
                           "chỉ số " + f.indicator + " có hai lần trong kỳ " + f.period,
                           "indicator " + f.indicator + " appears twice in period " + f.period);
    }
    rows[{f.period, f.group_id}][f.indicator] = Json::array({f.numerator, f.denominator});
  }
  std::vector<FactsRow> out;
  out.reserve(rows.size());
  for (const auto& [key, indicators] : rows) {
    out.push_back(FactsRow{key.first, key.second, indicators.dump()});
  }
  return out;
}

}  // namespace

Status SqliteStore::ReplaceFacts(std::string_view record_id, const std::vector<Fact>& facts) {
  for (const Fact& f : facts) {
    if (!f.record_id.empty() && f.record_id != record_id) {
      return InvalidArgument("chỉ số thuộc bản ghi khác: " + f.record_id,
                             "fact belongs to another record: " + f.record_id);
    }
    if (!std::isfinite(f.numerator) || !std::isfinite(f.denominator)) {
      return InvalidArgument("tử số và mẫu số phải là số hữu hạn: " + f.indicator,
                             "numerator and denominator must be finite: " + f.indicator);
    }
  }
  Result<std::vector<FactsRow>> rows = PackFacts(facts);
  if (!rows.ok()) return rows.status();
  // Most pushes edit a household without changing what it counts for (a phone number,
  // a note): then nothing is written.
  Result<bool> same = FactsUnchanged(record_id, *rows);
  if (!same.ok()) return same.status();
  if (*same) return Status::Ok();
  Savepoint sp(*this);
  SOTAY_RETURN_IF_ERROR(sp.status());
  // fact_totals follows the facts inside the savepoint: take the old facts out of the
  // totals, replace the facts, put the new ones in.
  SOTAY_RETURN_IF_ERROR(AddFactsToTotals(record_id, -1));
  for (const char* sql : {kDropEmptyTotals, kDeleteFacts}) {
    SOTAY_USE_STATEMENT(q, *stmts_, sql, "ReplaceFacts");
    q.BindText(1, record_id);
    int rc = q.Step();
    if (rc != SQLITE_DONE) return Error(rc, "ReplaceFacts");
  }
  for (const FactsRow& row : *rows) {
    SOTAY_USE_STATEMENT(q, *stmts_, kInsertFacts, "ReplaceFacts");
    q.BindText(1, record_id);
    q.BindText(2, row.period);
    q.BindText(3, row.group_id);
    q.BindText(4, row.indicators);
    int rc = q.Step();
    if (rc != SQLITE_DONE) return Error(rc, "ReplaceFacts");
  }
  SOTAY_RETURN_IF_ERROR(AddFactsToTotals(record_id, +1));
  return sp.Release();
}

Result<bool> SqliteStore::FactsUnchanged(std::string_view record_id,
                                         const std::vector<FactsRow>& rows) {
  SOTAY_USE_STATEMENT(q, *stmts_, kSelectFacts, "ReplaceFacts");
  q.BindText(1, record_id);
  size_t i = 0;
  bool same = true;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    if (!same) continue;  // read to the end, so the statement is done
    same = i < rows.size() && rows[i] == FactsRow{q.Text(0), q.Text(1), q.Text(2)};
    ++i;
  }
  if (rc != SQLITE_DONE) return Error(rc, "ReplaceFacts");
  return same && i == rows.size();
}

Status SqliteStore::AddFactsToTotals(std::string_view record_id, int sign) {
  SOTAY_USE_STATEMENT(q, *stmts_, kAddToTotals, "ReplaceFacts");
  q.BindText(1, record_id);
  q.BindInt(2, sign);
  int rc = q.Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "ReplaceFacts");
}

Result<std::vector<FactSum>> SqliteStore::AggregateFacts(std::string_view period) {
  SOTAY_USE_STATEMENT(q, *stmts_, kAggregateFacts, "AggregateFacts");
  q.BindText(1, period);
  std::vector<FactSum> out;
  int rc;
  while ((rc = q.Step()) == SQLITE_ROW) {
    out.push_back(FactSum{q.Text(0), q.Text(1), q.Double(2), q.Double(3), q.Int(4)});
  }
  if (rc != SQLITE_DONE) return Error(rc, "AggregateFacts");
  return out;
}

}  // namespace sotay
