#include "core/sqlite_migrations.h"

#include <array>
#include <string>

#include "core/sqlite_error.h"

namespace sotay {
namespace {

// Version 1: what both the phone and the server need to sync.
//  - records: one row per record; `fields` is {name: {"v": value, "h": hlc}} as JSON,
//    so a write touches one row instead of one per field.
//  - changes: the server's change log. AUTOINCREMENT because compaction deletes rows:
//    without it a deleted top row's seq would be handed out again and a client already
//    past it would miss the new change.
//  - receipts: (device_id, device_seq) grows in order per device, so WITHOUT ROWID keeps
//    the key the table itself.
//  - outbox: AUTOINCREMENT so device_seq never goes back after the outbox empties.
constexpr const char* kV1 = R"sql(
CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE records (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  group_id TEXT NOT NULL,
  parent_id TEXT,
  deleted INTEGER NOT NULL DEFAULT 0,
  fields TEXT NOT NULL
);
CREATE INDEX records_by_group ON records(group_id, type);
CREATE INDEX records_by_type ON records(type);
CREATE INDEX records_by_parent ON records(parent_id);

CREATE TABLE changes (
  server_seq INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  record_type TEXT NOT NULL,
  group_id TEXT NOT NULL,
  parent_id TEXT,
  value TEXT NOT NULL,
  hlc TEXT NOT NULL,
  base_hlc TEXT,
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL
);
CREATE UNIQUE INDEX changes_by_field ON changes(record_id, field);
CREATE INDEX changes_by_group ON changes(group_id, server_seq);

CREATE TABLE receipts (
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  code TEXT NOT NULL,
  PRIMARY KEY (device_id, device_seq)
) WITHOUT ROWID;

CREATE TABLE outbox (
  device_seq INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  record_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  group_id TEXT NOT NULL,
  parent_id TEXT,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  hlc TEXT NOT NULL,
  base_hlc TEXT
);
)sql";

// Version 2: the office's review queues and the indicator facts behind dashboards.
//  - facts_by_period covers the aggregation, so AggregateFacts is one GROUP BY over an
//    index range with no sort and no table lookups.
constexpr const char* kV2 = R"sql(
CREATE TABLE conflicts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  field TEXT NOT NULL,
  group_id TEXT NOT NULL,
  winning_value TEXT NOT NULL,
  winning_hlc TEXT NOT NULL,
  losing_value TEXT NOT NULL,
  losing_hlc TEXT NOT NULL,
  losing_device TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  resolved INTEGER NOT NULL DEFAULT 0,
  resolution TEXT NOT NULL DEFAULT 'null',
  resolved_by TEXT NOT NULL DEFAULT '',
  resolved_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX conflicts_by_record ON conflicts(record_id, field);

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  record_id TEXT NOT NULL,
  record_type TEXT NOT NULL,
  group_id TEXT NOT NULL,
  parent_id TEXT,
  field TEXT NOT NULL,
  value TEXT NOT NULL,
  hlc TEXT NOT NULL,
  base_hlc TEXT,
  raw TEXT NOT NULL,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  received_ms INTEGER NOT NULL
);

CREATE TABLE facts (
  record_id TEXT NOT NULL,
  period TEXT NOT NULL,
  indicator TEXT NOT NULL,
  group_id TEXT NOT NULL,
  numerator REAL NOT NULL,
  denominator REAL NOT NULL,
  PRIMARY KEY (record_id, period, indicator)
) WITHOUT ROWID;
CREATE INDEX facts_by_period ON facts(period, group_id, indicator, numerator, denominator);
)sql";

// Version 3: running totals of the facts per (period, group, indicator), kept by
// SqliteStore::ReplaceFacts in the same transaction as the facts themselves, so
// AggregateFacts reads one row per (group, indicator) instead of summing every fact of
// the period. A row exists only while at least one fact is counted in it. Existing
// facts are summed once here.
constexpr const char* kV3 = R"sql(
CREATE TABLE fact_totals (
  period TEXT NOT NULL,
  group_id TEXT NOT NULL,
  indicator TEXT NOT NULL,
  numerator REAL NOT NULL,
  denominator REAL NOT NULL,
  facts INTEGER NOT NULL,
  PRIMARY KEY (period, group_id, indicator)
) WITHOUT ROWID;
INSERT INTO fact_totals (period, group_id, indicator, numerator, denominator, facts)
  SELECT period, group_id, indicator, sum(numerator), sum(denominator), count(*)
  FROM facts GROUP BY period, group_id, indicator;
)sql";

// Version 4: the change log becomes the records themselves (one row per record instead
// of one per field) and the office gets every write of a record.
//  - Each stored field keeps "s": the server_seq of its last write; records.seq is the
//    highest of them (0: never logged, as on phones), so a pull reads the records with
//    seq > cursor in seq order. The partial indexes leave phones' records out.
//  - log_state holds the last server_seq handed out (AppendChange), so seqs are never
//    reused even though records.seq moves up.
//  - history: one row per record per push or server write (who, when, which fields).
//  - The old log's rows become the fields' seqs (its server_seqs, so a client's cursor
//    from before stays exact), a field the record lacked is added from its row, and
//    each (record, device) gets one history row with the latest writes it had (the old
//    log kept no earlier ones; at_ms is the wall time of the newest HLC). Then the old
//    table goes.
constexpr const char* kV4 = R"sql(
ALTER TABLE records ADD COLUMN seq INTEGER NOT NULL DEFAULT 0;

CREATE TABLE log_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  last_seq INTEGER NOT NULL
);
INSERT INTO log_state (id, last_seq)
  VALUES (1, coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0));

UPDATE records SET
  fields = (
    SELECT json_group_object(k, json(v)) FROM (
      SELECT f.key AS k,
             CASE WHEN c.server_seq IS NULL THEN f.value
                  ELSE json_set(f.value, '$.s', c.server_seq) END AS v
        FROM json_each(records.fields) AS f
        LEFT JOIN changes AS c ON c.record_id = records.id AND c.field = f.key
      UNION ALL
      SELECT c.field, json_object('v', json(c.value), 'h', c.hlc, 's', c.server_seq)
        FROM changes AS c
        WHERE c.record_id = records.id
          AND json_type(records.fields, '$."' || c.field || '"') IS NULL)),
  seq = (SELECT max(server_seq) FROM changes WHERE record_id = records.id)
  WHERE id IN (SELECT record_id FROM changes);

CREATE INDEX records_by_seq ON records(seq) WHERE seq > 0;
CREATE INDEX records_by_group_seq ON records(group_id, seq) WHERE seq > 0;

CREATE TABLE history (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  device_id TEXT NOT NULL,
  user TEXT NOT NULL,
  fields TEXT NOT NULL
);
CREATE INDEX history_by_record ON history(record_id, id);

INSERT INTO history (record_id, seq, at_ms, device_id, user, fields)
  SELECT record_id, max(server_seq),
         CAST(substr(max(hlc), 1, instr(max(hlc), '-') - 1) AS INTEGER), device_id, '',
         json_group_object(field, json_object('v', json(value), 'h', hlc))
    FROM changes
    GROUP BY record_id, device_id
    ORDER BY max(server_seq);

DROP TABLE changes;
)sql";

// Version 5: receipts as ranges. A push's device_seqs are consecutive, so one row per
// run of consecutive device_seqs replaces one row per change: `status` is the answer of
// every device_seq in first_seq..last_seq that `others` does not list, and `others` is
// [[device_seq, status, code], ...] for the rest (rejected changes with their code,
// conflicts). Ranges of a device never overlap. The existing receipts are converted
// without loss: each run of consecutive device_seqs of a device becomes one range.
constexpr const char* kV5 = R"sql(
CREATE TABLE receipt_ranges (
  device_id TEXT NOT NULL,
  first_seq INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  status TEXT NOT NULL,
  others TEXT NOT NULL,
  PRIMARY KEY (device_id, first_seq)
) WITHOUT ROWID;
INSERT INTO receipt_ranges (device_id, first_seq, last_seq, status, others)
  SELECT device_id, min(device_seq), max(device_seq), 'applied',
         coalesce(json_group_array(json_array(device_seq, status, code))
                    FILTER (WHERE status <> 'applied' OR code <> ''), '[]')
  FROM (SELECT device_id, device_seq, status, code,
               device_seq - row_number() OVER (PARTITION BY device_id ORDER BY device_seq) AS run
        FROM receipts)
  GROUP BY device_id, run;
DROP TABLE receipts;
)sql";

// Version 6: a record's facts for one period in one row, {"indicator": [numerator,
// denominator], ...}, instead of one row per indicator in two B-trees (the table and
// facts_by_period, which fact_totals made redundant for AggregateFacts): refreshing a
// household's facts was the largest part of applying a push. `facts` stays, as a view
// with the old columns, for the queries that read facts one by one.
constexpr const char* kV6 = R"sql(
CREATE TABLE record_facts (
  record_id TEXT NOT NULL,
  period TEXT NOT NULL,
  group_id TEXT NOT NULL,
  indicators TEXT NOT NULL,
  PRIMARY KEY (record_id, period, group_id)
) WITHOUT ROWID;
CREATE INDEX record_facts_by_period ON record_facts(period, group_id);
INSERT INTO record_facts (record_id, period, group_id, indicators)
  SELECT record_id, period, group_id,
         json_group_object(indicator, json_array(numerator, denominator))
  FROM (SELECT * FROM facts ORDER BY record_id, period, group_id, indicator)
  GROUP BY record_id, period, group_id;
DROP TABLE facts;
CREATE VIEW facts (record_id, period, indicator, group_id, numerator, denominator) AS
  SELECT f.record_id, f.period, j.key, f.group_id,
         json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]')
  FROM record_facts AS f, json_each(f.indicators) AS j;
)sql";

// Version 7: the day each record's facts stop being true (Store::SetFactsValidUntil),
// so a day change recomputes only the households with an event that day. Facts stored
// before it have no such day: they are listed as expired ('' sorts before every date)
// and refreshed once.
constexpr const char* kV7 = R"sql(
CREATE TABLE fact_expiry (
  record_id TEXT PRIMARY KEY,
  valid_until TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX fact_expiry_by_date ON fact_expiry(valid_until);
INSERT INTO fact_expiry (record_id, valid_until) SELECT DISTINCT record_id, '' FROM record_facts;
)sql";

constexpr std::array<SqliteMigration, 7> kMigrations = {{
    {1, "records, change log, receipts, outbox, meta", kV1},
    {2, "conflicts, quarantine, indicator facts", kV2},
    {3, "running totals of indicator facts", kV3},
    {4, "change log kept in the records, record history", kV4},
    {5, "receipts as ranges of device_seq", kV5},
    {6, "a record's facts for one period in one row", kV6},
    {7, "the day each record's facts stop being true", kV7},
}};

Status Exec(sqlite3* db, const std::string& sql, std::string_view what) {
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : SqliteStatus(db, rc, what);
}

Status TooNew(int found, int known_version) {
  std::string f = std::to_string(found);
  std::string known = std::to_string(known_version);
  return Status::Error("store_version_too_new",
                       "cơ sở dữ liệu có phiên bản " + f + ", mới hơn phiên bản " + known +
                           " mà chương trình này biết; hãy cập nhật chương trình",
                       "the database has schema version " + f + ", newer than version " + known +
                           " known to this program; update the program");
}

}  // namespace

std::span<const SqliteMigration> SqliteMigrations() { return kMigrations; }

int SqliteSchemaVersion() { return kMigrations.back().version; }

Result<int> ReadSqliteSchemaVersion(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &stmt, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_step(stmt);
  if (rc != SQLITE_ROW) {
    Status s = SqliteStatus(db, rc, "read schema version");
    sqlite3_finalize(stmt);
    return s;
  }
  int version = sqlite3_column_int(stmt, 0);
  sqlite3_finalize(stmt);
  return version;
}

Status MigrateSqlite(sqlite3* db, std::span<const SqliteMigration> migrations,
                     const SqliteVersioning& versioning) {
  const int last = migrations.empty() ? 0 : migrations.back().version;
  Result<int> version = versioning.read(db);
  if (!version.ok()) return version.status();
  if (*version > last) return TooNew(*version, last);
  for (const SqliteMigration& m : migrations) {
    if (m.version <= *version) continue;
    std::string what = "migration " + std::to_string(m.version);
    // IMMEDIATE takes the write lock first, so two processes opening a new file at once
    // do not both migrate: the second waits (busy timeout) and then sees the new
    // version, which it re-checks below.
    SOTAY_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE", what));
    Result<int> now = versioning.read(db);
    Status s = now.ok() ? Status::Ok() : now.status();
    if (s.ok() && *now > last) s = TooNew(*now, last);
    if (s.ok() && *now < m.version) {
      s = Exec(db, m.sql, what);
      if (s.ok()) s = versioning.write(db, m.version);
    }
    if (s.ok()) s = Exec(db, "COMMIT", what);
    if (!s.ok()) {
      if (sqlite3_get_autocommit(db) == 0) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return s;
    }
  }
  return Status::Ok();
}

Status MigrateSqlite(sqlite3* db) {
  static constexpr SqliteVersioning kUserVersion = {
      ReadSqliteSchemaVersion, [](sqlite3* d, int version) {
        return Exec(d, "PRAGMA user_version = " + std::to_string(version), "schema version");
      }};
  return MigrateSqlite(db, kMigrations, kUserVersion);
}

}  // namespace sotay
