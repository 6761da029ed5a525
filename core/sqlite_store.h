// SqliteStore: the Store of both targets, on one SQLite database file.
//
//   auto store = SqliteStore::Open({.path = "/var/lib/sotay/ward.db"});
//   if (!store.ok()) return store.status();
//
// Open() creates the file if needed and migrates it to the current schema (see
// sqlite_migrations.h); a database written by a newer program is refused with
// store_version_too_new, and a read-only open of a database that still needs migrating
// with store_version_too_old. A file that is not a database gives store_corrupt.
//
// Server: one writable store (WAL, synchronous=FULL: Commit() returns after fsync) and
// any number of read-only stores on the same file, each used by one thread at a time.
// Phone (wasm): one writable store with browser_mode, on a file in an IDBFS folder; the
// JS layer saves the folder to IndexedDB after each commit.
//
// Statements are prepared once per connection and reused. Not thread-safe (see Store).
#pragma once

#include <memory>
#include <string>

#include "core/store.h"

struct sqlite3;

namespace sotay {

class StatementCache;

enum class Durability {
  kFull,    // synchronous=FULL: a returned Commit() survives power loss
  kNormal,  // synchronous=NORMAL: survives a crash of the program, maybe not power loss
};

struct SqliteOptions {
  std::string path{};  // a file, or ":memory:" for a private in-memory database
  bool read_only = false;
  Durability durability = Durability::kFull;
  // For the browser's IDBFS: locking_mode=EXCLUSIVE, journal_mode=WAL,
  // journal_size_limit=0, wal_autocheckpoint=100 and page_size=8192 for new files, so a
  // save to IndexedDB writes only the small WAL. Only one connection may use the file.
  bool browser_mode = false;
  // How long a call waits for another connection's lock before failing with store_busy.
  int busy_timeout_ms = 5000;
  // Caps the database size at this many pages (0: no cap); writes beyond it fail with
  // store_full. Mainly for tests and for keeping a phone's database bounded.
  int64_t max_pages = 0;
  // Bound of this connection's page cache, in KiB (PRAGMA cache_size=-N). Each open
  // connection keeps up to this much of the file in memory, so a process's SQLite memory
  // is bounded by the sum over its connections (see docs/benchmarks.md, Soak).
  int64_t cache_kib = kDefaultCacheKib;
  static constexpr int64_t kDefaultCacheKib = 2048;
};

// The PRAGMA that sets SqliteOptions::kDefaultCacheKib, for the server's other
// connections to the same file (the account store, one-off read-only queries).
inline constexpr const char* kCacheSizePragma = "PRAGMA cache_size=-2048";
static_assert(SqliteOptions::kDefaultCacheKib == 2048, "keep kCacheSizePragma in step");

struct FactsRow;  // one row of record_facts (sqlite_store.cc)

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<SqliteStore>> Open(const SqliteOptions& options);
  ~SqliteStore() override;  // rolls back an open transaction and closes the file

  // Copies the whole database into a new file at `path` (replaced if it exists) as of
  // one consistent snapshot, while this or other connections keep working. The copy is
  // written to `path` + ".partial" and renamed when complete, so `path` never holds a
  // half backup. Call it outside a write transaction of this store.
  Status BackupTo(const std::string& path);

  // Replaces the database at `db_path` by the backup at `backup_path`, after checking
  // that the backup is a Sổ tay database no newer than this program. No other
  // connection may have `db_path` open (stop the server first). Open() the result to
  // migrate it if the backup is older.
  static Status RestoreFrom(const std::string& backup_path, const std::string& db_path);

  // Starts the outbox's numbering over: the next AppendOutbox gets device_seq 1. For a
  // phone enrolled again under a new device id, whose sequence the server counts from 1;
  // the outbox must be empty (invalid_argument otherwise). Not part of Store: only a
  // phone's own database has this need.
  Status RestartOutboxNumbering();

  // This connection's page cache: its bound in KiB (PRAGMA cache_size) and the bytes it
  // holds now (SQLITE_DBSTATUS_CACHE_USED). For tests and monitoring.
  Result<int64_t> CacheLimitKib();
  int64_t CacheUsedBytes() const;

  // The connection, for a store of other tables in the same file whose writes must join
  // this store's transactions (SqliteAccountStore::OnConnection: a push's review flags
  // commit with the push). Use it only where this store is used.
  sqlite3* connection() const { return db_; }

  // A deterministic text dump of every table (rows sorted), for tests that compare
  // whole databases and for support. Not for large databases.
  Result<std::string> Dump();

  // Store.
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
  class Savepoint;

  SqliteStore(sqlite3* db, bool read_only);

  // Runs a statement that returns no rows (or whose rows are ignored).
  Status Run(const char* sql, std::string_view what);
  Status Error(int rc, std::string_view what);
  // Whether the record's stored facts rows are exactly `rows` (ReplaceFacts then writes
  // nothing).
  Result<bool> FactsUnchanged(std::string_view record_id, const std::vector<FactsRow>& rows);
  // Adds `sign` (+1 or -1) times the record's stored facts to the fact_totals table.
  Status AddFactsToTotals(std::string_view record_id, int sign);
  // Appends to `out` the seqs of up to `limit` logged records with
  // since_seq < seq < before_seq, of `group` (null: all groups), ascending.
  Status ReadLogSeqs(int64_t since_seq, int64_t before_seq, int64_t limit, const std::string* group,
                     std::vector<int64_t>& out);
  // Appends the changes of the logged record with this seq (its logged fields, in seq
  // order); store_corrupt when no logged record has the seq.
  Status ReadLoggedRecord(int64_t seq, LoggedRecord& out);

  sqlite3* db_;
  bool read_only_;
  std::unique_ptr<StatementCache> stmts_;
};

}  // namespace sotay
