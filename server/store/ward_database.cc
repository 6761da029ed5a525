#include "server/store/ward_database.h"

#include "server/store/sqlite_ward_database.h"

namespace sotay {

// SQLite is the only engine so far: every location is a file path.

Result<std::unique_ptr<WardDatabase>> WardDatabase::Open(const std::string& location) {
  Result<std::unique_ptr<SqliteWardDatabase>> db = SqliteWardDatabase::Open(location);
  if (!db.ok()) return db.status();
  return std::unique_ptr<WardDatabase>(std::move(db).value());
}

Result<OpenedDatabase> OpenDatabase(const std::string& location) {
  return OpenSqliteDatabase(location);
}

Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& location,
                                                       bool read_only) {
  Result<std::unique_ptr<SqliteAccountStore>> accounts =
      SqliteAccountStore::Open(location, read_only);
  if (!accounts.ok()) return accounts.status();
  return std::unique_ptr<AccountStore>(std::move(accounts).value());
}

Status BackupDatabase(const std::string& location, const std::string& to) {
  return BackupSqliteDatabase(location, to);
}

Status RestoreDatabase(const std::string& from, const std::string& location) {
  return SqliteStore::RestoreFrom(from, location);
}

DatabaseMemory ReadDatabaseMemory() { return ReadSqliteMemory(); }

}  // namespace sotay
