// Checkpointer: copies the WAL's pages back into the database file on a thread of its
// own, so the push writer's commits never wait for it.
//
// By default SQLite checkpoints inside the commit that takes the WAL past 1,000 pages
// (wal_autocheckpoint): the committing thread copies the pages and fsyncs the database
// file. The push writer commits groups back to back, so every few commits one of them
// stalled for that copy while phones waited. With a Checkpointer, the writer's WAL hook
// only compares the WAL's size with `wal_pages` and wakes this thread, which runs a
// PASSIVE checkpoint (it never blocks the writer or the readers) on a connection of its
// own.
//
// Thread-safety: the hook runs on whatever thread commits on the writer connection; the
// destructor must run when nothing commits there any more (it removes the hook).
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "core/status.h"

namespace sotay {

class Checkpointer {
 public:
  // Opens a connection of its own to `db_path` and takes over `writer`'s checkpoints
  // (`writer` must be a WAL connection to the same file, and outlive the Checkpointer).
  static Result<std::unique_ptr<Checkpointer>> Start(const std::string& db_path, sqlite3* writer,
                                                     int wal_pages = 1000);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Checkpoints run so far (each may have copied all, some or none of the WAL).
  int64_t checkpoints() const { return checkpoints_.load(std::memory_order_relaxed); }

 private:
  Checkpointer(sqlite3* own, sqlite3* writer, int wal_pages);
  static int OnCommit(void* self, sqlite3* db, const char* schema, int wal_frames);
  void Run();

  sqlite3* const own_;
  sqlite3* const writer_;
  const int wal_pages_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool due_ = false;   // guarded by mu_
  bool stop_ = false;  // guarded by mu_
  std::atomic<int64_t> checkpoints_{0};
  std::thread thread_;
};

}  // namespace sotay
