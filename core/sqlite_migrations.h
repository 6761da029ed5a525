// Versioned schema of the SQLite store (internal to SqliteStore, public for its tests).
//
// The version lives in the database header (PRAGMA user_version): 0 for a new file,
// N once migrations 1..N ran. Each migration runs in its own transaction together with
// the version bump, so a crash leaves the database at N or N+1, never in between.
// Migrations are append-only: a released one is never edited; change the schema by
// adding the next.
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

}  // namespace sotay
