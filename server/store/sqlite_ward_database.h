// The WardDatabase (ward_database.h) on one SQLite file: the core store's writer with
// the account tables on its connection, an account store on a connection of its own,
// read-only stores for the readers, and a Checkpointer taking the writer's WAL
// checkpoints off its commits.
#pragma once

#include <memory>
#include <string>

#include "core/sqlite_store.h"
#include "server/store/sqlite_account_store.h"
#include "server/store/sqlite_checkpointer.h"
#include "server/store/ward_database.h"

namespace sotay {

class SqliteWardDatabase final : public WardDatabase {
 public:
  static Result<std::unique_ptr<SqliteWardDatabase>> Open(const std::string& path);
  ~SqliteWardDatabase() override;

  Store& writer() override { return *writer_; }
  AccountStore& accounts() override { return *accounts_; }
  AccountStore& writer_accounts() override { return *writer_accounts_; }
  Result<DatabaseReader> OpenReader() override;

 private:
  SqliteWardDatabase() = default;

  std::string path_;
  std::unique_ptr<SqliteStore> writer_;
  std::unique_ptr<SqliteAccountStore> writer_accounts_;  // on writer_'s connection
  std::unique_ptr<SqliteAccountStore> accounts_;
  std::unique_ptr<Checkpointer> checkpointer_;  // null for ":memory:"; goes before writer_
};

// OpenDatabase, BackupDatabase and ReadDatabaseMemory of ward_database.h for SQLite.
Result<OpenedDatabase> OpenSqliteDatabase(const std::string& path);
Status BackupSqliteDatabase(const std::string& path, const std::string& to);
DatabaseMemory ReadSqliteMemory();

}  // namespace sotay
