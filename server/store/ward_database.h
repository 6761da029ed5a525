// WardDatabase: a ward's data as the server holds it, whatever engine stores it — the
// core Store that pushes and office writes go through (one writer), the account store,
// and read-only views for the handlers. The server's code above this folder names only
// these interfaces; which engine a location opens is decided here, once.
//
// A location is a path of a SQLite file today (":memory:" for a private in-memory
// database).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/status.h"
#include "core/store.h"
#include "server/store/account_store.h"
#include "server/store/office_queries.h"

namespace sotay {

// The core store and the account store of a database, each on a connection of its own,
// as every subcommand opens them (created and migrated).
struct OpenedDatabase {
  std::unique_ptr<Store> store;
  std::unique_ptr<AccountStore> accounts;
};
Result<OpenedDatabase> OpenDatabase(const std::string& location);

// The account store alone; read-only requires the account tables migrated
// (store_version_too_old otherwise).
Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& location, bool read_only);

// A read-only view of the database: the core store, the office's queries and the
// account tables (for reading: review states), on one connection, so one snapshot where
// a transaction is open. One thread at a time.
struct DatabaseReader {
  std::unique_ptr<Store> store;
  // Both read through `store`'s connection, so they go first.
  std::unique_ptr<OfficeQueries> queries;
  std::unique_ptr<AccountStore> accounts;
};

class WardDatabase {
 public:
  // Opens (creating and migrating) the database at `location`, with the engine's
  // background work started (SQLite: the writer's WAL checkpoints).
  static Result<std::unique_ptr<WardDatabase>> Open(const std::string& location);
  virtual ~WardDatabase() = default;
  WardDatabase(const WardDatabase&) = delete;
  WardDatabase& operator=(const WardDatabase&) = delete;

  // The single writer of the core store. Not thread-safe: the server leases it to one
  // thread at a time (ServerServices::Writer()).
  virtual Store& writer() = 0;
  // The account store on a connection of its own.
  virtual AccountStore& accounts() = 0;
  // The account tables as seen by the writer: writes join the writer's open transaction
  // (a push's review flags commit with the push). Its Begin/Commit/Rollback are not for
  // use while the writer's transaction is open.
  virtual AccountStore& writer_accounts() = 0;
  // A new read-only view (the server keeps a pool of them).
  virtual Result<DatabaseReader> OpenReader() = 0;

 protected:
  WardDatabase() = default;
};

// A consistent copy of the database at `location`, taken while a server may be writing
// to it (a read-only connection: the writer is never disturbed).
Status BackupDatabase(const std::string& location, const std::string& to);
// Replaces the database at `location` by the backup `from` (nothing else may have it
// open); not migrated: OpenDatabase afterwards does that.
Status RestoreDatabase(const std::string& from, const std::string& location);

// What the database engine holds in this process's memory, for /metrics (SQLite's own
// allocator counters, over all its connections).
struct DatabaseMemory {
  int64_t used = 0;               // all the engine holds now
  int64_t highwater = 0;          // the most it held since the process started
  int64_t page_cache = 0;         // of which page caches on the heap
  int64_t page_cache_static = 0;  // pages in a static page-cache buffer (none configured)
};
DatabaseMemory ReadDatabaseMemory();

}  // namespace sotay
