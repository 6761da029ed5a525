// The account tables' migrations, run by core's one runner (core/sqlite_migrations.h)
// with their version in acct_schema_version, beside the core store's in user_version.
#include "server/store/sqlite_account_store.h"

#include <sqlite3.h>

#include <catch2/catch.hpp>

#include "core/sqlite_migrations.h"
#include "core/sqlite_store.h"
#include "server/store/ward_database.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

// One statement on a connection of its own.
void Exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql, nullptr, nullptr, &error);
  INFO((error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

int64_t Count(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
  int64_t n = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

TEST_CASE("account store: a new file gets every migration, each version recorded once",
          "[accounts][migrations]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "ward.db").string();
  Result<std::unique_ptr<SqliteAccountStore>> store = SqliteAccountStore::Open(path);
  REQUIRE(store.ok());
  Result<int> version = (*store)->FileSchemaVersion();
  REQUIRE(version.ok());
  CHECK(*version == SqliteAccountStore::SchemaVersion());
  CHECK(Count(path, "SELECT COUNT(*) FROM acct_schema_version") ==
        SqliteAccountStore::SchemaVersion());
  // The core store's version is its own: opening the accounts did not set it.
  CHECK(Count(path, "PRAGMA user_version") == 0);
  store->reset();
  // Opening again applies nothing twice.
  REQUIRE(OpenDatabase(path).ok());
  CHECK(Count(path, "SELECT COUNT(*) FROM acct_schema_version") ==
        SqliteAccountStore::SchemaVersion());
  CHECK(Count(path, "PRAGMA user_version") == SqliteSchemaVersion());
}

TEST_CASE("account store: an older file is brought up to date, keeping its rows",
          "[accounts][migrations]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "ward.db").string();
  {
    Result<std::unique_ptr<SqliteAccountStore>> store = SqliteAccountStore::Open(path);
    REQUIRE(store.ok());
    REQUIRE((*store)->AddGroup({"tdp-01", "Tổ 1", 1}).ok());
  }
  // As a file of the program before migration 5: the later migrations undone.
  Exec(path,
       "DROP TABLE acct_audit_chain_start; DROP TABLE acct_session_stamps;"
       "ALTER TABLE acct_indicator_snapshots DROP COLUMN as_of;"
       "DELETE FROM acct_schema_version WHERE version >= 5;");
  Result<std::unique_ptr<AccountStore>> read_only = OpenAccountStore(path, /*read_only=*/true);
  REQUIRE_FALSE(read_only.ok());
  CHECK(read_only.status().code() == "store_version_too_old");

  Result<std::unique_ptr<SqliteAccountStore>> store = SqliteAccountStore::Open(path);
  REQUIRE(store.ok());
  CHECK(*(*store)->FileSchemaVersion() == SqliteAccountStore::SchemaVersion());
  Result<bool> stamp = (*store)->ClaimSessionStamp("device-1", 100, 0);  // migration 5's table
  REQUIRE(stamp.ok());
  CHECK(*stamp);
  Result<std::optional<GroupInfo>> group = (*store)->GetGroup("tdp-01");
  REQUIRE(group.ok());
  CHECK(group->has_value());
}

TEST_CASE("account store: a file written by a newer program is refused and left unchanged",
          "[accounts][migrations]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "ward.db").string();
  REQUIRE(SqliteAccountStore::Open(path).ok());
  const int newer = SqliteAccountStore::SchemaVersion() + 1;
  Exec(path, ("INSERT INTO acct_schema_version VALUES (" + std::to_string(newer) + ", 0)").c_str());
  Result<std::unique_ptr<SqliteAccountStore>> store = SqliteAccountStore::Open(path);
  REQUIRE_FALSE(store.ok());
  CHECK(store.status().code() == "store_version_too_new");
  CHECK(Count(path, "SELECT MAX(version) FROM acct_schema_version") == newer);
  Result<OpenedDatabase> db = OpenDatabase(path);
  REQUIRE_FALSE(db.ok());
  CHECK(db.status().code() == "store_version_too_new");
}

}  // namespace
}  // namespace sotay
