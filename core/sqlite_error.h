// Maps SQLite result codes to Status values with stable codes (internal to the SQLite
// store and its migrations).
//
//   store_busy        SQLITE_BUSY, SQLITE_LOCKED: another connection holds the lock
//   store_full        SQLITE_FULL: disk (or max_page_count) full
//   store_io          SQLITE_IOERR*, SQLITE_CANTOPEN: the file could not be read/written
//   store_corrupt     SQLITE_CORRUPT, SQLITE_NOTADB: not a database, or a damaged one
//   store_constraint  SQLITE_CONSTRAINT*: a uniqueness or NOT NULL rule was broken
//   store_read_only   SQLITE_READONLY*: a write on a read-only store
//   store_error       anything else
// Messages are Vietnamese and English with SQLite's own message appended.
#pragma once

#include <string_view>

#include <sqlite3.h>

#include "core/status.h"

namespace sotay {

// `what` names the operation ("PutRecord", "open") and goes into the messages.
// `db` may be null (then only the result code's text is used).
Status SqliteStatus(sqlite3* db, int rc, std::string_view what);

}  // namespace sotay
