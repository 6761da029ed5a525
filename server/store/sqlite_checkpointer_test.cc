#include "server/store/sqlite_checkpointer.h"

#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <thread>

#include "core/sqlite_store.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

using namespace std::chrono_literals;

// Commits `n` transactions of one 8 KiB meta value each on the writer.
void Write(SqliteStore& store, int first, int n) {
  for (int i = first; i < first + n; ++i) {
    REQUIRE(store.SetMeta("k" + std::to_string(i), std::string(8192, 'x')).ok());
  }
}

TEST_CASE("checkpointer: the WAL is copied back by its thread, not by the commits",
          "[server][checkpoint]") {
  testing::TempDir dir;
  const std::string path = (dir.path() / "ward.db").string();
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open({.path = path});
  REQUIRE(store.ok());
  const auto db_size = [&] { return std::filesystem::file_size(path); };
  {
    Result<std::unique_ptr<Checkpointer>> c =
        Checkpointer::Start(path, (*store)->connection(), /*wal_pages=*/16);
    REQUIRE(c.ok());
    const auto before = db_size();
    Write(**store, 0, 40);  // ~80 pages: past the threshold several times
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while ((*c)->checkpoints() == 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    REQUIRE((*c)->checkpoints() > 0);
    // Pages reached the database file itself.
    deadline = std::chrono::steady_clock::now() + 10s;
    while (db_size() < before + 16 * 4096 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    CHECK(db_size() >= before + 16 * 4096);
  }
  // Without it the writer checkpoints itself again (SQLite's default, 1,000 pages) and
  // everything written is there.
  Write(**store, 40, 10);
  Result<std::optional<std::string>> v = (*store)->GetMeta("k45");
  REQUIRE(v.ok());
  CHECK(v->value_or("").size() == 8192);
}

TEST_CASE("checkpointer: a missing database fails to start with a clear error",
          "[server][checkpoint]") {
  Result<std::unique_ptr<Checkpointer>> c =
      Checkpointer::Start("/nonexistent-dir/ward.db", nullptr);
  REQUIRE_FALSE(c.ok());
  CHECK_FALSE(c.status().code().empty());
}

}  // namespace
}  // namespace sotay
