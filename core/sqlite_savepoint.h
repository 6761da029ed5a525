// SqliteStore::Savepoint (internal): makes one multi-statement Store call atomic,
// inside or outside a caller's transaction.
#pragma once

#include <sqlite3.h>

#include "core/sqlite_store.h"

namespace sotay {

class SqliteStore::Savepoint {
 public:
  explicit Savepoint(SqliteStore& store) : store_(store) {
    status_ = store_.Run("SAVEPOINT store_op", "savepoint");
    active_ = status_.ok();
  }
  // Undoes everything since the constructor unless Release() succeeded.
  ~Savepoint() {
    if (active_) Undo();
  }
  Savepoint(const Savepoint&) = delete;
  Savepoint& operator=(const Savepoint&) = delete;

  const Status& status() const { return status_; }

  // Keeps the work (commits it when no transaction was open).
  Status Release() {
    Status s = store_.Run("RELEASE store_op", "savepoint");
    if (!s.ok()) Undo();
    active_ = false;
    return s;
  }

 private:
  void Undo() {
    active_ = false;
    // Some errors (full disk, I/O) make SQLite roll the whole transaction back itself;
    // then there is nothing left to undo.
    if (sqlite3_get_autocommit(store_.db_) != 0) return;
    (void)store_.Run("ROLLBACK TO store_op", "savepoint");
    (void)store_.Run("RELEASE store_op", "savepoint");
  }

  SqliteStore& store_;
  Status status_;
  bool active_ = false;
};

}  // namespace sotay
