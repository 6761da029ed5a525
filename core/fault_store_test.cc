#include "core/fault_store.h"

#include <catch2/catch.hpp>

#include "core/sqlite_store.h"

namespace sotay {
namespace {

std::unique_ptr<SqliteStore> OpenMemory() {
  auto store = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::string DumpOrDie(SqliteStore& store) {
  auto dump = store.Dump();
  REQUIRE(dump.ok());
  return *dump;
}

Change MakeChange(std::string field, Json value) {
  Change c;
  c.device_id = "dev-a";
  c.device_seq = 3;
  c.record_id = "h1";
  c.record_type = "household";
  c.group_id = "tdp-01";
  c.field = std::move(field);
  c.value = std::move(value);
  c.hlc = "1767225600000-00000-dev-a";
  return c;
}

// Data that the writes below touch, so a half-applied failure would show in the dump.
void Seed(Store& store, int64_t* conflict_id) {
  Record h1{"h1", "household", "tdp-01", "", {{"chu_ho", {"Vũ Thị Lan", "h0"}}}, false};
  REQUIRE(store.PutRecord(h1).ok());
  Change c = MakeChange("chu_ho", "Vũ Thị Lan");
  REQUIRE(store.AppendChange(c).ok());
  REQUIRE(store.AppendOutbox(c).ok());
  REQUIRE(store.AppendOutbox(c).ok());
  Conflict conflict;
  conflict.record_id = "h1";
  conflict.field = "chu_ho";
  conflict.group_id = "tdp-01";
  REQUIRE(store.AddConflict(conflict).ok());
  *conflict_id = conflict.id;
  REQUIRE(store.ReplaceFacts("h1", {{"", "tdp-01", "2026", "bhyt", 1, 2}}).ok());
  REQUIRE(store.SetMeta("pull_cursor", "1").ok());
}

// One push batch's worth of writes of every kind, in one transaction.
Status WriteBatch(Store& store, int64_t conflict_id) {
  Transaction txn(store);
  SOTAY_RETURN_IF_ERROR(txn.status());
  Record h1{"h1", "household", "tdp-01", "", {{"chu_ho", {"Vũ Thị Lan Anh", "h1"}}}, false};
  SOTAY_RETURN_IF_ERROR(store.PutRecord(h1));
  Change c1 = MakeChange("chu_ho", "Vũ Thị Lan Anh");
  SOTAY_RETURN_IF_ERROR(store.AppendChange(c1));
  Change c2 = MakeChange("so_nha", "12");
  SOTAY_RETURN_IF_ERROR(store.AppendChange(c2));
  HistoryEntry history{0, "h1", c2.server_seq, 5, "dev-a", "", {{"so_nha", {{"v", "12"}}}}};
  SOTAY_RETURN_IF_ERROR(store.AppendHistory(history));
  SOTAY_RETURN_IF_ERROR(store.PutReceipt("dev-a", 3, {"applied", ""}));
  Conflict conflict;
  conflict.record_id = "h1";
  SOTAY_RETURN_IF_ERROR(store.AddConflict(conflict));
  SOTAY_RETURN_IF_ERROR(store.ResolveConflict(conflict_id, "winning", "office", 5));
  QuarantinedChange q;
  q.change = MakeChange("tuoi", "x");
  q.code = "invalid_value";
  SOTAY_RETURN_IF_ERROR(store.AddQuarantined(q));
  SOTAY_RETURN_IF_ERROR(store.AppendOutbox(c1));
  SOTAY_RETURN_IF_ERROR(store.RemoveOutboxThrough(1));
  SOTAY_RETURN_IF_ERROR(store.SetMeta("pull_cursor", "2"));
  SOTAY_RETURN_IF_ERROR(store.ReplaceFacts("h1", {{"", "tdp-01", "2026", "bhyt", 2, 2}}));
  return txn.Commit();
}

TEST_CASE("Failing any step of a transaction leaves the store exactly as before") {
  // How many mutating calls the batch makes when nothing fails.
  int64_t steps = 0;
  {
    auto base = OpenMemory();
    FaultInjectingStore store(*base);
    int64_t conflict_id = 0;
    Seed(store, &conflict_id);
    int64_t seeded = store.mutating_calls();
    REQUIRE(WriteBatch(store, conflict_id).ok());
    steps = store.mutating_calls() - seeded;
  }
  REQUIRE(steps == 14);  // Begin, 12 writes, Commit

  auto base = OpenMemory();
  FaultInjectingStore store(*base);
  int64_t conflict_id = 0;
  Seed(store, &conflict_id);
  const std::string before = DumpOrDie(*base);
  for (const char* code : {"store_io", "store_full"}) {
    for (int64_t n = 1; n <= steps; ++n) {
      INFO(code << " at step " << n);
      store.FailNth(n, Status::Error(code, "lỗi giả lập", "injected failure"));
      Status s = WriteBatch(store, conflict_id);
      CHECK(s.code() == code);
      CHECK(DumpOrDie(*base) == before);
    }
  }
  SECTION("a disk that stays full fails every later step too") {
    store.FailNth(5, Status::Error("store_full", "đầy", "full"), /*sticky=*/true);
    CHECK(WriteBatch(store, conflict_id).code() == "store_full");
    CHECK(store.SetMeta("k", "v").code() == "store_full");
    CHECK(DumpOrDie(*base) == before);
    store.Disarm();
    CHECK(store.SetMeta("k", "v").ok());
  }
  SECTION("without a failure the batch is applied") {
    REQUIRE(WriteBatch(store, conflict_id).ok());
    CHECK(DumpOrDie(*base) != before);
    CHECK((*store.GetRecord("h1"))->Get("chu_ho") == "Vũ Thị Lan Anh");
    CHECK(**store.GetMeta("pull_cursor") == "2");
    CHECK((*store.GetConflict(conflict_id))->resolved);
    CHECK(*store.OutboxSize() == 2);
  }
}

TEST_CASE("FaultInjectingStore counts mutating calls only and fails once by default") {
  auto base = OpenMemory();
  FaultInjectingStore store(*base);
  REQUIRE(store.SetMeta("a", "1").ok());
  REQUIRE(store.GetMeta("a").ok());
  REQUIRE(store.CountRecords({}).ok());
  CHECK(store.mutating_calls() == 1);

  store.FailNth(2, Status::Error("store_io", "io", "io"));
  CHECK(store.SetMeta("a", "2").ok());
  CHECK(store.GetMeta("a").ok());  // reads are never failed nor counted
  CHECK(store.SetMeta("a", "3").code() == "store_io");
  CHECK(store.SetMeta("a", "4").ok());
  CHECK(**base->GetMeta("a") == "4");
  CHECK(store.mutating_calls() == 4);
}

TEST_CASE("A failed Commit rolls the wrapped store back") {
  auto base = OpenMemory();
  FaultInjectingStore store(*base);
  REQUIRE(store.Begin().ok());
  REQUIRE(store.SetMeta("a", "1").ok());
  store.FailNth(1, Status::Error("store_io", "io", "io"));
  CHECK(store.Commit().code() == "store_io");
  CHECK_FALSE(base->GetMeta("a")->has_value());
  CHECK(base->Begin().ok());  // no transaction was left open
  CHECK(base->Rollback().ok());
}

}  // namespace
}  // namespace sotay
