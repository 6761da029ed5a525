#include "core/sqlite_migrations.h"

#include <sqlite3.h>

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

}  // namespace
}  // namespace sotay
