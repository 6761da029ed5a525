// Versioned schemas of SQLite databases, and the one runner that applies them: the core
// store's tables (here) and any other set of tables sharing the file (the server's
// account tables) each keep a list of migrations and a place for their version.
//
// The core store's version lives in the database header (PRAGMA user_version): 0 for a
// new file, N once migrations 1..N ran. Each migration runs in its own transaction
// together with the version bump, so a crash leaves the database at N or N+1, never in
// between. Migrations are append-only: a released one is never edited; change the
// schema by adding the next.
#pragma once

#include <span>

#include <sqlite3.h>

#include "core/status.h"

namespace sotay {

struct SqliteMigration {
  int version;              // 1, 2, ... in order
  const char* description;  // for logs
  const char* sql;          // one or more statements
};

// Every migration, version i+1 at index i.
std::span<const SqliteMigration> SqliteMigrations();

// The schema version this code writes (the last migration's).
int SqliteSchemaVersion();

// The database's schema version.
Result<int> ReadSqliteSchemaVersion(sqlite3* db);

// Brings the database to SqliteSchemaVersion(). Fails with store_version_too_new (and
// changes nothing) when the database is newer than this code.
Status MigrateSqlite(sqlite3* db);

// Where a set of migrations records the version it reached.
struct SqliteVersioning {
  // The version reached: 0 for a database the set never touched.
  Result<int> (*read)(sqlite3* db);
  // Records `version`, inside the transaction of the migration that reached it.
  Status (*write)(sqlite3* db, int version);
};

// Brings `db` to the last version of `migrations` (version i+1 at index i), each in an
// IMMEDIATE transaction with its version, so two processes opening a new file at once
// cannot both apply one. store_version_too_new (and nothing changed) when the database
// is newer than the list.
Status MigrateSqlite(sqlite3* db, std::span<const SqliteMigration> migrations,
                     const SqliteVersioning& versioning);

}  // namespace sotay
