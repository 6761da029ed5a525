#include "server/store/sqlite_checkpointer.h"

#include <pthread.h>

#include "core/sqlite_error.h"

namespace sotay {

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(const std::string& db_path,
                                                          sqlite3* writer, int wal_pages) {
  sqlite3* own = nullptr;
  int rc =
      sqlite3_open_v2(db_path.c_str(), &own, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc == SQLITE_OK) {
    // The database file's fsync after a checkpoint, as durable as the writer's commits.
    rc = sqlite3_exec(own, "PRAGMA synchronous=FULL", nullptr, nullptr, nullptr);
  }
  if (rc != SQLITE_OK) {
    Status s = SqliteStatus(own, rc, "checkpointer " + db_path);
    sqlite3_close_v2(own);
    return s;
  }
  return std::unique_ptr<Checkpointer>(new Checkpointer(own, writer, wal_pages));
}

Checkpointer::Checkpointer(sqlite3* own, sqlite3* writer, int wal_pages)
    : own_(own), writer_(writer), wal_pages_(wal_pages < 1 ? 1 : wal_pages) {
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "checkpointer");
    Run();
  });
  // Replaces SQLite's own hook, which is what checkpoints in the committing thread.
  sqlite3_wal_hook(writer_, &Checkpointer::OnCommit, this);
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_autocheckpoint(writer_, 1000);  // the writer checkpoints itself again
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  thread_.join();
  sqlite3_close_v2(own_);
}

int Checkpointer::OnCommit(void* self, sqlite3*, const char*, int wal_frames) {
  auto* c = static_cast<Checkpointer*>(self);
  if (wal_frames >= c->wal_pages_) {
    {
      std::lock_guard<std::mutex> lock(c->mu_);
      c->due_ = true;
    }
    c->wake_.notify_one();
  }
  return SQLITE_OK;
}

void Checkpointer::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    wake_.wait(lock, [&] { return stop_ || due_; });
    if (stop_) return;
    due_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs, without waiting for anyone. What it
    // cannot copy now is copied by a later one; a failure (e.g. a full disk) leaves the
    // WAL as it is, and the data in it is safe.
    int wal = 0, copied = 0;
    (void)sqlite3_wal_checkpoint_v2(own_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal, &copied);
    checkpoints_.fetch_add(1, std::memory_order_relaxed);
    lock.lock();
  }
}

}  // namespace sotay
