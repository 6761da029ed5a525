#include "server/store/sqlite_ward_database.h"

#include <sqlite3.h>

#include "server/store/sqlite_office_queries.h"

namespace sotay {

Result<OpenedDatabase> OpenSqliteDatabase(const std::string& path) {
  OpenedDatabase db;
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open({.path = path});
  if (!store.ok()) return store.status();
  db.store = std::move(store).value();
  Result<std::unique_ptr<SqliteAccountStore>> accounts = SqliteAccountStore::Open(path);
  if (!accounts.ok()) return accounts.status();
  db.accounts = std::move(accounts).value();
  return db;
}

Result<std::unique_ptr<SqliteWardDatabase>> SqliteWardDatabase::Open(const std::string& path) {
  std::unique_ptr<SqliteWardDatabase> db(new SqliteWardDatabase());
  db->path_ = path;
  Result<std::unique_ptr<SqliteStore>> writer = SqliteStore::Open({.path = path});
  if (!writer.ok()) return writer.status();
  db->writer_ = std::move(writer).value();
  // Opened second: it migrates the account tables, which the writer's view then uses.
  Result<std::unique_ptr<SqliteAccountStore>> accounts = SqliteAccountStore::Open(path);
  if (!accounts.ok()) return accounts.status();
  db->accounts_ = std::move(accounts).value();
  db->writer_accounts_ = SqliteAccountStore::OnConnection(db->writer_->connection());
  if (path != ":memory:") {
    Result<std::unique_ptr<Checkpointer>> checkpointer =
        Checkpointer::Start(path, db->writer_->connection());
    if (!checkpointer.ok()) return checkpointer.status();
    db->checkpointer_ = std::move(checkpointer).value();
  }
  return db;
}

SqliteWardDatabase::~SqliteWardDatabase() {
  checkpointer_.reset();  // removes its hook from the writer's connection first
  writer_accounts_.reset();
}

Result<DatabaseReader> SqliteWardDatabase::OpenReader() {
  Result<std::unique_ptr<SqliteStore>> store =
      SqliteStore::Open({.path = path_, .read_only = true});
  if (!store.ok()) return store.status();
  DatabaseReader reader;
  reader.queries = std::make_unique<SqliteOfficeQueries>((*store)->connection());
  reader.accounts = SqliteAccountStore::OnConnection((*store)->connection());
  reader.store = std::move(store).value();
  return reader;
}

Status BackupSqliteDatabase(const std::string& path, const std::string& to) {
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open({.path = path, .read_only = true});
  if (!store.ok()) return store.status();
  return (*store)->BackupTo(to);
}

DatabaseMemory ReadSqliteMemory() {
  DatabaseMemory m;
  sqlite3_int64 current = 0, highwater = 0;
  if (sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &highwater, 0) == SQLITE_OK) {
    m.used = current;
    m.highwater = highwater;
  }
  if (sqlite3_status64(SQLITE_STATUS_PAGECACHE_OVERFLOW, &current, &highwater, 0) == SQLITE_OK) {
    m.page_cache = current;
  }
  if (sqlite3_status64(SQLITE_STATUS_PAGECACHE_USED, &current, &highwater, 0) == SQLITE_OK) {
    m.page_cache_static = current;
  }
  return m;
}

}  // namespace sotay
