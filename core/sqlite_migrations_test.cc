#include "core/sqlite_migrations.h"

#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/sqlite_store.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

using testing::TempDir;

// A raw connection, to build databases by hand the way older programs left them.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    REQUIRE(sqlite3_open(path.c_str(), &db_) == SQLITE_OK);
  }
  ~RawDb() { sqlite3_close(db_); }
  void Exec(const std::string& sql) {
    char* error = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error);
    INFO(sql << ": " << (error ? error : ""));
    sqlite3_free(error);
    REQUIRE(rc == SQLITE_OK);
  }
  int Version() {
    Result<int> v = ReadSqliteSchemaVersion(db_);
    INFO(v.status().ToString());
    REQUIRE(v.ok());
    return *v;
  }

 private:
  sqlite3* db_ = nullptr;
};

TEST_CASE("Migrations are numbered 1..N in order") {
  auto all = SqliteMigrations();
  REQUIRE(all.size() >= 2);
  for (size_t i = 0; i < all.size(); ++i) CHECK(all[i].version == static_cast<int>(i) + 1);
  CHECK(SqliteSchemaVersion() == static_cast<int>(all.size()));
}

TEST_CASE("A new database is created at the current version") {
  TempDir dir;
  std::string path = dir.File("new.db");
  REQUIRE(SqliteStore::Open({.path = path}).ok());
  CHECK(RawDb(path).Version() == SqliteSchemaVersion());
  // Opening again migrates nothing and changes nothing.
  REQUIRE(SqliteStore::Open({.path = path}).ok());
  CHECK(RawDb(path).Version() == SqliteSchemaVersion());
}

TEST_CASE("A version 1 database is upgraded and keeps its data") {
  TempDir dir;
  std::string path = dir.File("v1.db");
  {
    RawDb raw(path);
    raw.Exec(SqliteMigrations()[0].sql);
    raw.Exec("PRAGMA user_version = 1");
    raw.Exec(
        "INSERT INTO records (id, type, group_id, parent_id, deleted, fields) VALUES "
        "('h1', 'household', 'tdp-07', NULL, 0, "
        "'{\"chu_ho\":{\"v\":\"Phạm Văn Đức\",\"h\":\"1767225600000-00000-dev-a\"}}')");
    raw.Exec("INSERT INTO meta (key, value) VALUES ('pull_cursor', '42')");
  }
  REQUIRE(RawDb(path).Version() == 1);
  {
    auto read_only = SqliteStore::Open({.path = path, .read_only = true});
    REQUIRE_FALSE(read_only.ok());
    CHECK(read_only.status().code() == "store_version_too_old");
  }

  {
    auto opened = SqliteStore::Open({.path = path});
    INFO(opened.status().ToString());
    REQUIRE(opened.ok());
    SqliteStore& store = **opened;
    auto h1 = store.GetRecord("h1");
    REQUIRE(h1.ok());
    REQUIRE(h1->has_value());
    CHECK((*h1)->Get("chu_ho") == "Phạm Văn Đức");
    CHECK(**store.GetMeta("pull_cursor") == "42");
    // Tables of version 2 exist now.
    REQUIRE(store.ReplaceFacts("h1", {{"", "tdp-07", "2026", "bhyt", 1, 1}}).ok());
    CHECK(store.AggregateFacts("2026")->size() == 1);
    Conflict c;
    c.record_id = "h1";
    REQUIRE(store.AddConflict(c).ok());
  }
  // (Closed first: under wasm the store holds the file exclusively.)
  CHECK(RawDb(path).Version() == SqliteSchemaVersion());
}

// A version 3 ward as the program of versions 1-3 left it: records and the per-field
// change log, compacted by INSERT OR REPLACE (one row per (record, field)).
void MakeVersion3Ward(RawDb& raw) {
  for (int v = 0; v < 3; ++v) raw.Exec(SqliteMigrations()[v].sql);
  raw.Exec("PRAGMA user_version = 3");
  raw.Exec(
      "INSERT INTO records (id, type, group_id, parent_id, deleted, fields) VALUES "
      "('h1', 'household', 'tdp-01', NULL, 0, '{\"chu_ho\":{\"v\":\"Phạm Văn "
      "Đức\",\"h\":\"1767225600000-00001-dev-b\"},"
      "\"so_nha\":{\"v\":12,\"h\":\"1767225600000-00000-dev-a\"}}'),"
      "('p1', 'person', 'tdp-01', 'h1', 0, '{\"ho_ten\":{\"v\":\"Lê Thị "
      "Hoa\",\"h\":\"1767225600000-00002-dev-a\"},"
      "\"nghe\":{\"v\":[\"a\",\"b\"],\"h\":\"1767225600000-00003-dev-a\"}}'),"
      "('h2', 'household', 'tdp-02', NULL, 0, "
      "'{\"so_nha\":{\"v\":7,\"h\":\"1767225600000-00004-dev-c\"}}'),"
      "('x1', 'household', 'tdp-01', NULL, 0, '{\"so_nha\":{\"v\":1,\"h\":\"h-local\"}}')");
  // The log as pushes wrote it: so_nha of h1 was written twice (the first row replaced),
  // the "_deleted" flag of h2 is in the log but not in the record's fields. x1 was never
  // logged (a phone's record).
  const char* cols =
      "INSERT OR REPLACE INTO changes (record_id, field, record_type, group_id, parent_id, "
      "value, hlc, base_hlc, device_id, device_seq) VALUES ";
  raw.Exec(std::string(cols) +
           "('h1', 'so_nha', 'household', 'tdp-01', NULL, '10', "
           "'1767225500000-00000-dev-a', NULL, 'dev-a', 1)");
  raw.Exec(std::string(cols) +
           "('h1', 'so_nha', 'household', 'tdp-01', NULL, '12', "
           "'1767225600000-00000-dev-a', NULL, 'dev-a', 2)");  // seq 2
  raw.Exec(std::string(cols) +
           "('h1', 'chu_ho', 'household', 'tdp-01', NULL, '\"Phạm Văn Đức\"', "
           "'1767225600000-00001-dev-b', NULL, 'dev-b', 1)");  // seq 3
  raw.Exec(std::string(cols) +
           "('p1', 'ho_ten', 'person', 'tdp-01', 'h1', '\"Lê Thị Hoa\"', "
           "'1767225600000-00002-dev-a', NULL, 'dev-a', 3)");  // seq 4
  raw.Exec(std::string(cols) +
           "('h2', 'so_nha', 'household', 'tdp-02', NULL, '7', "
           "'1767225600000-00004-dev-c', NULL, 'dev-c', 1)");  // seq 5
  raw.Exec(std::string(cols) +
           "('p1', 'nghe', 'person', 'tdp-01', 'h1', '[\"a\",\"b\"]', "
           "'1767225600000-00003-dev-a', NULL, 'dev-a', 4)");  // seq 6
  raw.Exec(std::string(cols) +
           "('h2', '_deleted', 'household', 'tdp-02', NULL, 'false', "
           "'1767225600000-00005-dev-c', NULL, 'dev-c', 2)");  // seq 7
}

// (record.field=value@seq) of a whole pull from `since`, page by page.
std::vector<std::string> PullAll(SqliteStore& store, int64_t since, int64_t limit,
                                 const GroupFilter& groups = {}) {
  std::vector<std::string> out;
  for (int pages = 0;; ++pages) {
    REQUIRE(pages < 100);
    auto page = store.ReadChanges(since, limit, groups);
    INFO(page.status().ToString());
    REQUIRE(page.ok());
    for (const Change& c : page->changes) {
      out.push_back(c.record_id + "." + c.field + "=" + c.value.dump() + "@" +
                    std::to_string(c.server_seq));
    }
    since = page->next;
    if (!page->more) break;
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("A version 3 ward's change log moves into its records without losing a change") {
  TempDir dir;
  std::string path = dir.File("v3.db");
  {
    RawDb raw(path);
    MakeVersion3Ward(raw);
  }
  auto opened = SqliteStore::Open({.path = path});
  INFO(opened.status().ToString());
  REQUIRE(opened.ok());
  SqliteStore& store = **opened;
  // The old seqs are kept, so the numbering goes on after the old log's highest.
  CHECK(*store.LastServerSeq() == 7);
  // From 0: every logged field's current value once, at its old seq.
  const std::vector<std::string> all = {"h1.chu_ho=\"Phạm Văn Đức\"@3", "h1.so_nha=12@2",
                                        "h2._deleted=false@7",          "h2.so_nha=7@5",
                                        "p1.ho_ten=\"Lê Thị Hoa\"@4",   "p1.nghe=[\"a\",\"b\"]@6"};
  for (int64_t limit : {1, 2, 3, 100}) CHECK(PullAll(store, 0, limit) == all);
  // A client's cursor from before the migration gets every record it had not seen
  // whole (what it had of them again, same HLCs) and nothing else.
  CHECK(PullAll(store, 4, 100) == std::vector<std::string>{"h2._deleted=false@7", "h2.so_nha=7@5",
                                                           "p1.ho_ten=\"Lê Thị Hoa\"@4",
                                                           "p1.nghe=[\"a\",\"b\"]@6"});
  CHECK(PullAll(store, 6, 1) == std::vector<std::string>{"h2._deleted=false@7", "h2.so_nha=7@5"});
  CHECK(PullAll(store, 7, 5).empty());
  CHECK(PullAll(store, 0, 100, {"tdp-02"}) ==
        std::vector<std::string>{"h2._deleted=false@7", "h2.so_nha=7@5"});
  // The record keeps its values, the field missing from it comes from the log, and the
  // unlogged record stays out of the log.
  auto h2 = store.GetRecord("h2");
  REQUIRE(h2->has_value());
  CHECK((*h2)->fields.at("_deleted") == FieldValue{false, "1767225600000-00005-dev-c"});
  CHECK((*h2)->fields.at("_deleted").seq == 7);
  auto x1 = store.GetRecord("x1");
  REQUIRE(x1->has_value());
  CHECK((*x1)->fields.at("so_nha").seq == 0);
  CHECK((*x1)->Get("so_nha") == 1);
  // New writes go on after the old seqs.
  Change c;
  REQUIRE(store.AppendChange(c).ok());
  CHECK(c.server_seq == 8);
  // Each (record, device) of the old log is one history entry with its latest writes.
  auto h1_history = store.ListHistory("h1", 0, 10);
  REQUIRE(h1_history.ok());
  REQUIRE(h1_history->size() == 2);
  CHECK((*h1_history)[0].device_id == "dev-b");
  CHECK((*h1_history)[0].seq == 3);
  CHECK((*h1_history)[0].at_ms == 1767225600000);
  CHECK((*h1_history)[0].fields ==
        Json{{"chu_ho", {{"v", "Phạm Văn Đức"}, {"h", "1767225600000-00001-dev-b"}}}});
  CHECK((*h1_history)[1].device_id == "dev-a");
  CHECK((*h1_history)[1].fields.at("so_nha").at("v") == 12);
  auto p1_history = store.ListHistory("p1", 0, 10);
  REQUIRE(p1_history->size() == 1);
  CHECK(p1_history->front().fields.size() == 2);
}

TEST_CASE("A database newer than the program is refused and left alone") {
  TempDir dir;
  std::string path = dir.File("future.db");
  int future = SqliteSchemaVersion() + 1;
  {
    RawDb raw(path);
    raw.Exec("CREATE TABLE from_the_future (x)");
    raw.Exec("PRAGMA user_version = " + std::to_string(future));
  }
  for (bool read_only : {false, true}) {
    auto store = SqliteStore::Open({.path = path, .read_only = read_only});
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == "store_version_too_new");
    CHECK(store.status().message_en().find(std::to_string(future)) != std::string::npos);
  }
  CHECK(RawDb(path).Version() == future);
}

TEST_CASE("Receipts of a version 3 database become ranges without loss") {
  TempDir dir;
  std::string path = dir.File("v3.db");
  {
    RawDb raw(path);
    for (int v = 0; v < 3; ++v) raw.Exec(SqliteMigrations()[v].sql);
    raw.Exec("PRAGMA user_version = 3");
    // dev-a: 1..4 (a rejected one and a conflict), a gap, 7..8; dev-b: 5 alone.
    raw.Exec(
        "INSERT INTO receipts (device_id, device_seq, status, code) VALUES "
        "('dev-a', 1, 'applied', ''), ('dev-a', 2, 'rejected', 'too_long'), "
        "('dev-a', 3, 'conflict', ''), ('dev-a', 4, 'applied', ''), "
        "('dev-a', 8, 'rejected', 'forbidden_group'), ('dev-a', 7, 'applied', ''), "
        "('dev-b', 5, 'applied', '')");
  }
  {
    auto opened = SqliteStore::Open({.path = path});
    INFO(opened.status().ToString());
    REQUIRE(opened.ok());
    SqliteStore& store = **opened;
    const Receipt ok{"applied", ""};
    CHECK(*store.GetReceipts("dev-a", 0, 100) ==
          std::vector<SeqReceipt>{{1, ok},
                                  {2, {"rejected", "too_long"}},
                                  {3, {"conflict", ""}},
                                  {4, ok},
                                  {7, ok},
                                  {8, {"rejected", "forbidden_group"}}});
    CHECK(*store.GetReceipts("dev-b", 0, 100) == std::vector<SeqReceipt>{{5, ok}});
    CHECK(*store.ReceiptsContiguousThrough("dev-a", 0) == 4);
    CHECK(*store.MaxDeviceSeq("dev-a") == 8);
    CHECK(store.PutReceipt("dev-a", 8, ok).code() == "store_constraint");
    REQUIRE(store.PutReceipts("dev-a", 5, {ok, ok}).ok());
    CHECK(*store.ReceiptsContiguousThrough("dev-a", 0) == 8);
  }
  RawDb raw(path);
  CHECK(raw.Version() == SqliteSchemaVersion());
}

}  // namespace
}  // namespace sotay
