#include "core/sqlite_store.h"

#include <sqlite3.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include "core/crypto.h"
#include "core/ids.h"
#include "tests/temp_dir.h"

namespace sotay {
namespace {

using testing::TempDir;

std::unique_ptr<SqliteStore> OpenOrDie(const SqliteOptions& options) {
  auto store = SqliteStore::Open(options);
  INFO(store.status().ToString());
  REQUIRE(store.ok());
  return std::move(store).value();
}

std::unique_ptr<SqliteStore> OpenMemory() { return OpenOrDie({.path = ":memory:"}); }

std::string DumpOrDie(SqliteStore& store) {
  auto dump = store.Dump();
  INFO(dump.status().ToString());
  REQUIRE(dump.ok());
  return *dump;
}

Record MakeRecord(std::string id, std::string type, std::string group, std::string parent = {}) {
  Record r;
  r.id = std::move(id);
  r.type = std::move(type);
  r.group_id = std::move(group);
  r.parent_id = std::move(parent);
  r.fields["ho_ten"] = {"Trần Văn Bình", "1767225600000-00000-dev-a"};
  return r;
}

Change MakeChange(std::string record, std::string field, Json value, std::string group,
                  std::string hlc) {
  Change c;
  c.device_id = "dev-a";
  c.device_seq = 1;
  c.record_id = std::move(record);
  c.record_type = "household";
  c.group_id = std::move(group);
  c.field = std::move(field);
  c.value = std::move(value);
  c.hlc = std::move(hlc);
  return c;
}

std::vector<std::string> Ids(SqliteStore& store, const RecordQuery& q) {
  std::vector<std::string> ids;
  Status s = store.ForEachRecord(q, [&](const Record& r) {
    ids.push_back(r.id);
    return true;
  });
  INFO(s.ToString());
  REQUIRE(s.ok());
  auto n = store.CountRecords(q);
  REQUIRE(n.ok());
  CHECK(*n == static_cast<int64_t>(ids.size()));
  return ids;
}

TEST_CASE("A record round-trips with Vietnamese text, nested values and the deleted flag") {
  auto store = OpenMemory();
  Record r = MakeRecord(NewUuid(), "household", "tdp-05");
  r.fields["dia_chi"] = {
      Json{{"so_nha", "12/3"}, {"ngo", "Ngõ Hòa Bình"}, {"toa_do", {20.8, 106.6}}},
      "1767225600000-00001-dev-a"};
  r.fields["thanh_vien"] = {Json::array({1, "hai", nullptr, true, Json{{"x", Json::array()}}}),
                            "1767225600000-00002-dev-a"};
  r.fields["ghi_chu"] = {nullptr, "1767225600000-00003-dev-b"};
  r.fields["\"quoted\"\\key"] = {"ký tự đặc biệt \n\t\"", "1767225600000-00004-dev-b"};
  r.deleted = true;
  REQUIRE(store->PutRecord(r).ok());

  auto got = store->GetRecord(r.id);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(**got == r);

  auto missing = store->GetRecord(NewUuid());
  REQUIRE(missing.ok());
  CHECK_FALSE(missing->has_value());
}

TEST_CASE("RewriteSealedValues replaces sealed values wherever they are stored") {
  auto store = OpenMemory();
  // Envelopes of the right shape (a sealed box is at least 49 bytes).
  auto envelope = [](char fill) {
    return Json{{"sealed", crypto::Base64Encode(std::string(60, fill))}};
  };
  const Json old_phone = envelope('p');
  const Json old_note = envelope('n');
  const Json foreign = envelope('f');  // sealed to a key nobody has
  // "Re-sealing" turns the letters upper case.
  auto resealed = [&](const Json& old) {
    std::string text = crypto::Base64Decode(old["sealed"].get<std::string>()).value();
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return Json{{"sealed", crypto::Base64Encode(text)}};
  };
  Record r = MakeRecord(NewUuid(), "household", "tdp-05");
  r.fields["dien_thoai"] = {old_phone, "1767225600000-00001-dev-a", 7};
  r.fields["ghi_chu"] = {old_note, "1767225600000-00002-dev-a", 8};
  r.fields["la"] = {foreign, "1767225600000-00003-dev-a", 9};
  r.fields["sealed"] = {"a plain text that names the key", "1767225600000-00004-dev-a", 9};
  REQUIRE(store->PutRecord(r).ok());
  HistoryEntry h;
  h.record_id = r.id;
  h.seq = 9;
  h.device_id = "dev-a";
  h.fields = {{"dien_thoai", {{"v", old_phone}, {"h", "1767225600000-00001-dev-a"}}},
              {"ghi_chu", {{"v", old_note}, {"h", "1767225600000-00002-dev-a"}, {"o", old_note}}}};
  REQUIRE(store->AppendHistory(h).ok());

  std::vector<Json> seen;
  Result<int64_t> replaced = store->RewriteSealedValues([&](const Json& value) {
    seen.push_back(value);
    if (value == foreign) return std::optional<Json>();  // kept as it is
    return std::optional<Json>(resealed(value));
  });
  INFO(replaced.status().ToString());
  REQUIRE(replaced.ok());
  CHECK(*replaced == 5);  // two in the record, three in its history entry
  CHECK(seen.size() == 6);

  auto got = store->GetRecord(r.id);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  const Record& now = **got;
  CHECK(now.fields.at("dien_thoai").value == resealed(old_phone));
  CHECK(now.fields.at("ghi_chu").value == resealed(old_note));
  CHECK(now.fields.at("la").value == foreign);
  CHECK(now.fields.at("sealed").value == "a plain text that names the key");
  CHECK(now.fields.at("dien_thoai").seq == 7);  // not sent again: same plaintext
  CHECK(now.fields.at("la").seq == 9);
  auto history = store->ListHistory(r.id, 0, 10);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 1);
  CHECK(history->front().fields["ghi_chu"]["o"] == resealed(old_note));
  CHECK(history->front().fields["dien_thoai"]["v"] == resealed(old_phone));
}

TEST_CASE("PutRecord replaces every part of an existing record") {
  auto store = OpenMemory();
  std::string id = NewUuid();
  Record first = MakeRecord(id, "person", "tdp-01", NewUuid());
  first.fields["nghe_nghiep"] = {"thợ may", "1767225600000-00000-dev-a"};
  REQUIRE(store->PutRecord(first).ok());

  Record second = MakeRecord(id, "person", "tdp-02");
  second.fields["ho_ten"] = {"Lê Thị Mai", "1767225600009-00000-dev-b"};
  second.deleted = true;
  REQUIRE(store->PutRecord(second).ok());

  auto got = store->GetRecord(id);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(**got == second);
  CHECK((*got)->fields.count("nghe_nghiep") == 0);
  CHECK(*store->CountRecords({.include_deleted = true}) == 1);
}

TEST_CASE("ForEachRecord and CountRecords filter by type, group, parent and deletion") {
  auto store = OpenMemory();
  std::vector<Record> all = {
      MakeRecord("a1", "household", "tdp-01"),
      MakeRecord("a2", "household", "tdp-02"),
      MakeRecord("p1", "person", "tdp-01", "a1"),
      MakeRecord("p2", "person", "tdp-01", "a1"),
      MakeRecord("p3", "person", "tdp-02", "a2"),
      MakeRecord("p4", "person", "tdp-01", "a1"),
      MakeRecord("s1", "assessment.poverty", "tdp-01", "a1"),
  };
  all[5].deleted = true;  // p4
  // Insert out of order: results come in id order regardless.
  for (auto it = all.rbegin(); it != all.rend(); ++it) REQUIRE(store->PutRecord(*it).ok());

  using V = std::vector<std::string>;
  CHECK(Ids(*store, {}) == V{"a1", "a2", "p1", "p2", "p3", "s1"});
  CHECK(Ids(*store, {.include_deleted = true}) == V{"a1", "a2", "p1", "p2", "p3", "p4", "s1"});
  CHECK(Ids(*store, {.type = "person"}) == V{"p1", "p2", "p3"});
  CHECK(Ids(*store, {.group_id = "tdp-02"}) == V{"a2", "p3"});
  CHECK(Ids(*store, {.type = "person", .group_id = "tdp-01"}) == V{"p1", "p2"});
  CHECK(Ids(*store, {.parent_id = std::string()}) == V{"a1", "a2"});
  CHECK(Ids(*store, {.parent_id = "a1"}) == V{"p1", "p2", "s1"});
  CHECK(Ids(*store, {.type = "person", .parent_id = "a1", .include_deleted = true}) ==
        V{"p1", "p2", "p4"});
  CHECK(Ids(*store, {.type = "person", .group_id = "tdp-02", .parent_id = "a1"}).empty());
  CHECK(Ids(*store, {.type = "nothing"}).empty());

  SECTION("the callback stops the iteration") {
    int calls = 0;
    REQUIRE(store->ForEachRecord({}, [&](const Record&) { return ++calls < 2; }).ok());
    CHECK(calls == 2);
  }
  SECTION("the callback may not start the same query again") {
    Status inner;
    REQUIRE(store
                ->ForEachRecord({},
                                [&](const Record&) {
                                  inner =
                                      store->ForEachRecord({}, [](const Record&) { return true; });
                                  return false;
                                })
                .ok());
    CHECK(inner.code() == "invalid_argument");
  }
}

TEST_CASE("A rolled back transaction leaves no trace") {
  auto store = OpenMemory();
  REQUIRE(store->SetMeta("cursor", "7").ok());
  std::string before = DumpOrDie(*store);

  auto write_everything = [&](Store& s) {
    REQUIRE(s.PutRecord(MakeRecord("r1", "household", "tdp-01")).ok());
    Change c = MakeChange("r1", "ho_ten", "An", "tdp-01", "1767225600000-00000-dev-a");
    REQUIRE(s.AppendChange(c).ok());
    Change o = c;
    REQUIRE(s.AppendOutbox(o).ok());
    CHECK(o.device_seq == 1);
    REQUIRE(s.SetMeta("cursor", "9").ok());
    REQUIRE(s.ReplaceFacts("r1", {{"r1", "tdp-01", "2026", "bhyt", 1, 1}}).ok());
  };

  SECTION("by the Transaction helper going out of scope") {
    {
      Transaction txn(*store);
      REQUIRE(txn.status().ok());
      write_everything(*store);
    }
    CHECK(DumpOrDie(*store) == before);
  }
  SECTION("by an explicit Rollback") {
    REQUIRE(store->Begin().ok());
    write_everything(*store);
    REQUIRE(store->Rollback().ok());
    CHECK(DumpOrDie(*store) == before);
    CHECK(store->Rollback().ok());  // nothing open: a no-op
  }
  // Sequences roll back too: the next outbox change still gets device_seq 1.
  Change o = MakeChange("r1", "ho_ten", "An", "tdp-01", "1767225600000-00000-dev-a");
  REQUIRE(store->AppendOutbox(o).ok());
  CHECK(o.device_seq == 1);
  CHECK(*store->GetMeta("cursor") == std::optional<std::string>("7"));
}

TEST_CASE("A committed transaction is visible and a second Begin is refused") {
  auto store = OpenMemory();
  Transaction txn(*store);
  REQUIRE(txn.status().ok());
  CHECK_FALSE(store->Begin().ok());  // transactions do not nest
  REQUIRE(store->PutRecord(MakeRecord("r1", "household", "tdp-01")).ok());
  REQUIRE(txn.Commit().ok());
  CHECK(txn.Commit().code() == "invalid_argument");
  CHECK(store->GetRecord("r1")->has_value());
}

TEST_CASE("Committed data survives closing and reopening the file") {
  TempDir dir;
  SqliteOptions options{.path = dir.File("ward.db")};
  Record r = MakeRecord(NewUuid(), "household", "tdp-05");
  {
    auto store = OpenOrDie(options);
    Transaction txn(*store);
    REQUIRE(txn.status().ok());
    REQUIRE(store->PutRecord(r).ok());
    REQUIRE(store->SetMeta("device_id", "dev-a").ok());
    for (int i = 0; i < 3; ++i) {
      Change c = MakeChange(r.id, "f" + std::to_string(i), i, "tdp-05", "h");
      REQUIRE(store->AppendOutbox(c).ok());
    }
    REQUIRE(txn.Commit().ok());
    REQUIRE(store->RemoveOutboxThrough(3).ok());
    // Uncommitted work is lost with the connection.
    REQUIRE(store->Begin().ok());
    REQUIRE(store->SetMeta("device_id", "lost").ok());
  }
  auto store = OpenOrDie(options);
  auto got = store->GetRecord(r.id);
  REQUIRE(got.ok());
  REQUIRE(got->has_value());
  CHECK(**got == r);
  CHECK(*store->GetMeta("device_id") == std::optional<std::string>("dev-a"));
  CHECK(*store->OutboxSize() == 0);
  // device_seq goes on from where it was, across the restart and the emptied outbox.
  Change c = MakeChange(r.id, "g", 1, "tdp-05", "h");
  REQUIRE(store->AppendOutbox(c).ok());
  CHECK(c.device_seq == 4);
}

// Logs a change as the server does: the next seq, kept on the field of the stored record.
Change LogChange(Store& store, const std::string& record, const std::string& field, Json value,
                 const std::string& group, const std::string& hlc) {
  Change c = MakeChange(record, field, value, group, hlc);
  REQUIRE(store.AppendChange(c).ok());
  auto got = store.GetRecord(record);
  REQUIRE(got.ok());
  Record r = got->value_or(Record{record, "household", group, "", {}, false});
  r.fields[field] = FieldValue{std::move(value), hlc, c.server_seq};
  REQUIRE(store.PutRecord(r).ok());
  return c;
}

TEST_CASE("A field's log seq is stored with the record but is not part of its value") {
  auto store = OpenMemory();
  Record r = MakeRecord("r1", "household", "tdp-01");
  r.fields["so_nha"] = {"12", "1767225600000-00001-dev-a", 41};
  REQUIRE(store->PutRecord(r).ok());
  auto got = store->GetRecord("r1");
  REQUIRE(got->has_value());
  CHECK((*got)->fields.at("so_nha").seq == 41);
  CHECK((*got)->fields.at("ho_ten").seq == 0);
  // A phone's copy (seq 0) equals the server's.
  FieldValue phone = (*got)->fields.at("so_nha");
  phone.seq = 0;
  CHECK(phone == (*got)->fields.at("so_nha"));
  // The record is in the log at its highest field seq.
  auto page = store->ReadChanges(40, 10, {});
  REQUIRE(page.ok());
  REQUIRE(page->changes.size() == 1);
  CHECK(page->changes[0].field == "so_nha");
  CHECK(page->changes[0].server_seq == 41);
  CHECK(page->next == 41);
  CHECK(store->ReadChanges(41, 10, {})->changes.empty());
}

TEST_CASE("The change log assigns increasing seqs and keeps one entry per field") {
  auto store = OpenMemory();
  CHECK(*store->LastServerSeq() == 0);
  std::vector<int64_t> seqs;
  for (const char* v : {"một", "hai", "ba"}) {
    seqs.push_back(
        LogChange(*store, "r1", "ho_ten", v, "tdp-01", std::string("h-") + v).server_seq);
  }
  Change other = LogChange(*store, "r1", "so_nha", "12", "tdp-01", "h-x");
  seqs.push_back(other.server_seq);
  CHECK(std::is_sorted(seqs.begin(), seqs.end()));
  CHECK(std::adjacent_find(seqs.begin(), seqs.end()) == seqs.end());

  auto page = store->ReadChanges(0, 100, {});
  REQUIRE(page.ok());
  REQUIRE(page->changes.size() == 2);
  CHECK(page->changes[0].value == "ba");
  CHECK(page->changes[0].hlc == "h-ba");
  CHECK(page->changes[0].server_seq == seqs[2]);
  CHECK(page->changes[0].record_type == "household");
  CHECK(page->changes[0].group_id == "tdp-01");
  CHECK(page->changes[1].field == "so_nha");
  CHECK(page->next == other.server_seq);
  CHECK_FALSE(page->more);

  // Superseding the newest entry must not hand its seq out again: a client already
  // past it would miss the new value.
  int64_t last = other.server_seq;
  Change again = LogChange(*store, "r1", "so_nha", "14", "tdp-01", "h-y");
  CHECK(again.server_seq > last);
  CHECK(*store->LastServerSeq() == again.server_seq);
  // From `last`, the changed record comes whole: its new value and, again, the one
  // the reader already has (same HLC, a no-op to merge).
  page = store->ReadChanges(last, 10, {});
  REQUIRE(page.ok());
  REQUIRE(page->changes.size() == 2);
  CHECK(page->changes[0].value == "ba");
  CHECK(page->changes[1].value == "14");
  CHECK(page->next == again.server_seq);
}

TEST_CASE("A seq handed out in a rolled back transaction is not in the log") {
  auto store = OpenMemory();
  LogChange(*store, "r1", "ho_ten", "An", "tdp-01", "h1");
  {
    Transaction txn(*store);
    REQUIRE(txn.status().ok());
    LogChange(*store, "r1", "ho_ten", "Bình", "tdp-01", "h2");
    LogChange(*store, "r2", "ho_ten", "Chi", "tdp-01", "h3");
  }
  CHECK(*store->LastServerSeq() == 1);
  auto page = store->ReadChanges(0, 10, {});
  REQUIRE(page->changes.size() == 1);
  CHECK(page->changes[0].value == "An");
  CHECK(LogChange(*store, "r1", "so_nha", 3, "tdp-01", "h4").server_seq == 2);
}

TEST_CASE("Server seqs are reserved in runs, given back on rollback, gaps allowed") {
  auto store = OpenMemory();
  Result<int64_t> first = store->ReserveServerSeqs(5);
  REQUIRE(first.ok());
  CHECK(*first == 1);
  CHECK(*store->LastServerSeq() == 5);  // all five are handed out, used or not
  {
    Transaction txn(*store);
    REQUIRE(txn.status().ok());
    CHECK(*store->ReserveServerSeqs(100) == 6);
  }
  CHECK(*store->ReserveServerSeqs(1) == 6);  // the rolled back run is reused
  for (int64_t bad : {int64_t{0}, int64_t{-3}, int64_t{1} << 50}) {
    Result<int64_t> r = store->ReserveServerSeqs(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "invalid_argument");
  }
  // A record logged with seqs past a gap pages like any other.
  Record r = MakeRecord("r1", "household", "tdp-01");
  r.fields["a"] = {"x", "h1", *store->ReserveServerSeqs(3) + 2};
  REQUIRE(store->PutRecord(r).ok());
  Result<ChangePage> page = store->ReadChanges(0, 10, {});
  REQUIRE(page.ok());
  REQUIRE(page->changes.size() == 1);
  CHECK(page->changes[0].server_seq == 9);
  CHECK(page->next == 9);
  CHECK_FALSE(page->more);
}

TEST_CASE("ReadChanges pages exactly through one, several or all groups") {
  auto store = OpenMemory();
  const std::vector<std::string> groups = {"tdp-01", "tdp-02", "tdp-03"};
  // A model of the log: (record, field) -> {seq, group}; compaction keeps the last.
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, std::string>> model;
  std::map<std::string, std::string> group_of;
  uint32_t x = 12345;
  for (int i = 0; i < 60; ++i) {
    x = x * 1103515245u + 12345u;
    std::string record = "r" + std::to_string((x >> 8) % 7);
    std::string field = "f" + std::to_string((x >> 16) % 4);
    // A record stays in its group.
    auto [it, fresh] = group_of.emplace(record, groups[(x >> 20) % 3]);
    const std::string& group = it->second;
    Change c = LogChange(*store, record, field, i, group, "h" + std::to_string(i));
    model[{record, field}] = {c.server_seq, group};
  }
  // Every logged field of each record in the filter with a field above `since`: records
  // come whole, so none of their changes can be missed by a later cursor.
  auto expected = [&](const GroupFilter& filter, int64_t since) {
    std::set<std::string> records;
    for (const auto& [key, v] : model) {
      if (v.first > since &&
          (filter.empty() || std::count(filter.begin(), filter.end(), v.second))) {
        records.insert(key.first);
      }
    }
    std::vector<int64_t> seqs;
    for (const auto& [key, v] : model) {
      if (records.count(key.first)) seqs.push_back(v.first);
    }
    std::sort(seqs.begin(), seqs.end());
    return seqs;
  };
  for (const GroupFilter& filter :
       {GroupFilter{}, GroupFilter{"tdp-02"}, GroupFilter{"tdp-01", "tdp-03"},
        GroupFilter{"tdp-03", "tdp-01", "tdp-03"}, GroupFilter{"tdp-09"}}) {
    for (int64_t limit : {1, 2, 5, 7, 1000}) {
      for (int64_t start : {int64_t{0}, int64_t{30}}) {
        INFO("groups " << filter.size() << " limit " << limit << " from " << start);
        std::vector<int64_t> got;
        std::set<std::string> records_seen;
        int64_t cursor = start;
        for (int pages = 0;; ++pages) {
          REQUIRE(pages < 200);
          auto page = store->ReadChanges(cursor, limit, filter);
          REQUIRE(page.ok());
          std::vector<std::string> records;  // in page order
          int64_t record_seq = 0;
          for (const Change& c : page->changes) {
            if (records.empty() || records.back() != c.record_id) {
              records.push_back(c.record_id);
              // Each record once over the whole pull (nothing is written meanwhile).
              CHECK(records_seen.insert(c.record_id).second);
            } else {
              CHECK(c.server_seq > record_seq);  // a record's fields in seq order
            }
            record_seq = c.server_seq;
            CHECK(c.server_seq <= page->next);
            got.push_back(c.server_seq);
          }
          // Whole records, at most `limit` changes unless one record has more.
          CHECK((static_cast<int64_t>(page->changes.size()) <= limit || records.size() == 1));
          if (!page->changes.empty()) CHECK(page->next == page->changes.back().server_seq);
          if (page->changes.empty()) CHECK(page->next == cursor);
          cursor = page->next;
          if (!page->more) break;
          CHECK_FALSE(page->changes.empty());
        }
        std::sort(got.begin(), got.end());
        CHECK(got == expected(filter, start));
      }
    }
  }
  CHECK(store->ReadChanges(0, 0, {}).status().code() == "invalid_argument");
}

TEST_CASE("The history keeps every write of a record, newest first") {
  auto store = OpenMemory();
  for (int i = 1; i <= 5; ++i) {
    HistoryEntry e;
    e.record_id = i == 3 ? "other" : "r1";
    e.seq = i * 10;
    e.at_ms = 1000 + i;
    e.device_id = "dev-a";
    e.user = i == 5 ? "office-1" : "";
    e.fields = {{"so_nha", {{"v", i}, {"h", "h" + std::to_string(i)}, {"o", i - 1}}}};
    REQUIRE(store->AppendHistory(e).ok());
    CHECK(e.id == i);
  }
  auto all = store->ListHistory("r1", 0, 10);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 4);
  CHECK((*all)[0].id == 5);
  CHECK((*all)[0].user == "office-1");
  CHECK((*all)[0].fields.at("so_nha").at("o") == 4);
  CHECK((*all)[3].seq == 10);
  // Paging back from an id.
  auto older = store->ListHistory("r1", (*all)[1].id, 2);
  REQUIRE(older.ok());
  REQUIRE(older->size() == 2);
  CHECK((*older)[0].id == 2);
  CHECK((*older)[1].id == 1);
  CHECK(store->ListHistory("nobody", 0, 10)->empty());
  CHECK(store->ListHistory("r1", 0, 0).status().code() == "invalid_argument");
}

TEST_CASE("Receipts are keyed by device and device_seq") {
  auto store = OpenMemory();
  CHECK_FALSE(store->GetReceipt("dev-a", 1)->has_value());
  CHECK(*store->MaxDeviceSeq("dev-a") == 0);
  REQUIRE(store->PutReceipt("dev-a", 1, {"applied", ""}).ok());
  REQUIRE(store->PutReceipt("dev-a", 2, {"rejected", "unknown_field"}).ok());
  REQUIRE(store->PutReceipt("dev-b", 9, {"conflict", ""}).ok());
  CHECK(**store->GetReceipt("dev-a", 2) == Receipt{"rejected", "unknown_field"});
  CHECK(**store->GetReceipt("dev-b", 9) == Receipt{"conflict", ""});
  CHECK_FALSE(store->GetReceipt("dev-b", 1)->has_value());
  CHECK(*store->MaxDeviceSeq("dev-a") == 2);
  CHECK(*store->MaxDeviceSeq("dev-b") == 9);
  Status dup = store->PutReceipt("dev-a", 1, {"applied", ""});
  CHECK(dup.code() == "store_constraint");
  CHECK(dup.message_en().find("PutReceipt") != std::string::npos);
}

TEST_CASE("Receipts are stored as ranges of device_seq") {
  auto store = OpenMemory();
  const Receipt ok{"applied", ""}, bad{"rejected", "too_long"}, conflict{"conflict", ""};
  REQUIRE(store->PutReceipts("dev-a", 10, {ok, bad, ok, conflict, ok}).ok());  // 10..14
  REQUIRE(store->PutReceipts("dev-a", 20, {ok, ok}).ok());                     // 20..21
  REQUIRE(store->PutReceipts("dev-a", 15, {bad}).ok());                        // 15
  REQUIRE(store->PutReceipts("dev-b", 12, {ok}).ok());
  CHECK(store->PutReceipts("dev-a", 30, {}).ok());  // nothing to store

  Result<std::vector<SeqReceipt>> got = store->GetReceipts("dev-a", 9, 22);
  REQUIRE(got.ok());
  CHECK(
      *got ==
      std::vector<SeqReceipt>{
          {10, ok}, {11, bad}, {12, ok}, {13, conflict}, {14, ok}, {15, bad}, {20, ok}, {21, ok}});
  // A window inside one range, and one across a gap.
  CHECK(*store->GetReceipts("dev-a", 11, 13) ==
        std::vector<SeqReceipt>{{11, bad}, {12, ok}, {13, conflict}});
  CHECK(*store->GetReceipts("dev-a", 14, 20) ==
        std::vector<SeqReceipt>{{14, ok}, {15, bad}, {20, ok}});
  CHECK(store->GetReceipts("dev-a", 16, 19)->empty());
  CHECK(store->GetReceipts("dev-a", 13, 12)->empty());
  CHECK(*store->GetReceipts("dev-b", 1, 100) == std::vector<SeqReceipt>{{12, ok}});
  CHECK(**store->GetReceipt("dev-a", 13) == conflict);

  // Overlaps at either end, inside, or around an existing range store nothing.
  for (auto [first, n] :
       {std::pair{8, 3}, std::pair{14, 2}, std::pair{12, 1}, std::pair{16, 6}, std::pair{5, 30}}) {
    INFO(first << " +" << n);
    Status s = store->PutReceipts("dev-a", first, std::vector<Receipt>(n, ok));
    CHECK(s.code() == "store_constraint");
  }
  CHECK(store->GetReceipts("dev-a", 0, 9)->empty());
  CHECK(store->GetReceipts("dev-a", 16, 19)->empty());
  REQUIRE(store->PutReceipts("dev-a", 16, {ok, ok, ok, ok}).ok());  // fills the gap exactly

  CHECK(*store->MaxDeviceSeq("dev-a") == 21);
  CHECK(*store->MaxDeviceSeq("dev-b") == 12);
  CHECK(*store->MaxDeviceSeq("dev-c") == 0);
}

TEST_CASE("The contiguous run of receipts is followed across ranges") {
  auto store = OpenMemory();
  const Receipt ok{"applied", ""};
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 0) == 0);
  REQUIRE(store->PutReceipts("dev-a", 2, {ok, ok}).ok());  // 2..3: 1 is missing
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 0) == 0);
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 1) == 3);
  REQUIRE(store->PutReceipts("dev-a", 1, {ok}).ok());
  REQUIRE(store->PutReceipts("dev-a", 4, {ok, ok, ok}).ok());  // 4..6, adjacent
  REQUIRE(store->PutReceipts("dev-a", 8, {ok}).ok());          // after a gap at 7
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 0) == 6);
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 2) == 6);  // from inside a range
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 6) == 6);
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 7) == 8);
  CHECK(*store->ReceiptsContiguousThrough("dev-a", 8) == 8);
  CHECK(*store->ReceiptsContiguousThrough("dev-b", 0) == 0);
}

TEST_CASE("Conflicts are listed, filtered, resolved") {
  auto store = OpenMemory();
  auto make = [](std::string group, std::string field) {
    Conflict c;
    c.record_id = "r1";
    c.field = std::move(field);
    c.group_id = std::move(group);
    c.winning = {"Nguyễn Văn A", "1767225600005-00000-dev-b"};
    c.losing = {Json{{"ten", "Nguyen Van A"}}, "1767225600001-00000-dev-a"};
    c.losing_device = "dev-a";
    c.created_ms = 1767225600100;
    return c;
  };
  Conflict c1 = make("tdp-01", "ho_ten");
  Conflict c2 = make("tdp-02", "so_nha");
  Conflict c3 = make("tdp-03", "bhyt");
  for (Conflict* c : {&c1, &c2, &c3}) REQUIRE(store->AddConflict(*c).ok());
  CHECK(c1.id < c2.id);
  CHECK(c2.id < c3.id);

  auto got = store->GetConflict(c2.id);
  REQUIRE(got.ok());
  CHECK(**got == c2);
  CHECK_FALSE(store->GetConflict(c3.id + 100)->has_value());

  REQUIRE(
      store->ResolveConflict(c2.id, Json{{"keep", "winning"}}, "office-lan", 1767225700000).ok());
  Conflict resolved = **store->GetConflict(c2.id);
  CHECK(resolved.resolved);
  CHECK(resolved.resolution == Json{{"keep", "winning"}});
  CHECK(resolved.resolved_by == "office-lan");
  CHECK(resolved.resolved_ms == 1767225700000);

  auto ids = [&](const ConflictQuery& q) {
    std::vector<int64_t> out;
    auto list = store->ListConflicts(q);
    REQUIRE(list.ok());
    for (const Conflict& c : *list) out.push_back(c.id);
    return out;
  };
  using V = std::vector<int64_t>;
  CHECK(ids({}) == V{c1.id, c2.id, c3.id});
  CHECK(ids({.unresolved_only = true}) == V{c1.id, c3.id});
  CHECK(ids({.groups = {"tdp-02", "tdp-03"}}) == V{c2.id, c3.id});
  CHECK(ids({.unresolved_only = true, .groups = {"tdp-02"}}).empty());
  CHECK(ids({.after_id = c1.id, .limit = 1}) == V{c2.id});

  Status missing = store->ResolveConflict(c3.id + 100, nullptr, "x", 1);
  CHECK(missing.code() == "not_found");
}

TEST_CASE("Quarantined changes keep the change, the raw JSON and the reason") {
  auto store = OpenMemory();
  QuarantinedChange q1;
  q1.change = MakeChange("r1", "tuoi", "mười", "tdp-01", "h1");
  q1.change.device_seq = 41;
  q1.raw = ChangeToPushJson(q1.change);
  q1.code = "invalid_value";
  q1.message = "tuoi phải là số";
  q1.received_ms = 1767225600000;
  QuarantinedChange q2 = q1;
  q2.change.group_id = "tdp-02";
  q2.raw = Json{{"garbage", true}};
  q2.change.parent_id = "p";
  REQUIRE(store->AddQuarantined(q1).ok());
  REQUIRE(store->AddQuarantined(q2).ok());
  CHECK(q2.id > q1.id);

  auto all = store->ListQuarantined({});
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK((*all)[0] == q1);
  CHECK((*all)[1] == q2);
  auto only = store->ListQuarantined({.groups = {"tdp-02"}});
  REQUIRE(only.ok());
  REQUIRE(only->size() == 1);
  CHECK((*only)[0].id == q2.id);
  CHECK(store->ListQuarantined({.after_id = q1.id})->size() == 1);
}

TEST_CASE("The outbox keeps order and removes acknowledged changes") {
  auto store = OpenMemory();
  std::vector<Change> made;
  for (int i = 0; i < 5; ++i) {
    Change c = MakeChange("r1", "f" + std::to_string(i), i, "tdp-01", "h" + std::to_string(i));
    c.parent_id = i % 2 ? "p" : "";
    c.base_hlc = i % 2 ? "" : "b";
    REQUIRE(store->AppendOutbox(c).ok());
    CHECK(c.device_seq == i + 1);
    made.push_back(c);
  }
  CHECK(*store->OutboxSize() == 5);
  auto first = store->ReadOutbox(2);
  REQUIRE(first.ok());
  CHECK(*first == std::vector<Change>(made.begin(), made.begin() + 2));
  REQUIRE(store->RemoveOutboxThrough(3).ok());
  CHECK(*store->OutboxSize() == 2);
  auto rest = store->ReadOutbox(100);
  REQUIRE(rest.ok());
  CHECK(*rest == std::vector<Change>(made.begin() + 3, made.end()));
  CHECK(store->ReadOutbox(0).status().code() == "invalid_argument");

  // A phone enrolled again as a new device numbers its outbox from 1, once it is empty.
  CHECK(store->RestartOutboxNumbering().code() == "invalid_argument");
  CHECK(*store->OutboxSize() == 2);
  REQUIRE(store->RemoveOutboxThrough(5).ok());
  REQUIRE(store->RestartOutboxNumbering().ok());
  Change again = MakeChange("r1", "f0", 0, "tdp-01", "h9");
  REQUIRE(store->AppendOutbox(again).ok());
  CHECK(again.device_seq == 1);
}

TEST_CASE("Metadata is a key/value map") {
  auto store = OpenMemory();
  CHECK_FALSE(store->GetMeta("pull_cursor")->has_value());
  REQUIRE(store->SetMeta("pull_cursor", "120").ok());
  REQUIRE(store->SetMeta("pull_cursor", "480").ok());
  REQUIRE(store->SetMeta("ward", "Phường Kiến An").ok());
  CHECK(**store->GetMeta("pull_cursor") == "480");
  CHECK(**store->GetMeta("ward") == "Phường Kiến An");
}

TEST_CASE("Facts aggregate per group and indicator in one query") {
  auto store = OpenMemory();
  auto fact = [](std::string group, std::string period, std::string indicator, double n, double d) {
    return Fact{"", std::move(group), std::move(period), std::move(indicator), n, d};
  };
  REQUIRE(store
              ->ReplaceFacts("h1", {fact("tdp-01", "2026", "bhyt", 3, 4),
                                    fact("tdp-01", "2026", "ngheo", 0, 1),
                                    fact("tdp-01", "2027", "bhyt", 4, 4)})
              .ok());
  REQUIRE(store->ReplaceFacts("h2", {fact("tdp-01", "2026", "bhyt", 2, 2)}).ok());
  REQUIRE(store->ReplaceFacts("h3", {fact("tdp-02", "2026", "bhyt", 0.5, 3)}).ok());

  auto sums = store->AggregateFacts("2026");
  REQUIRE(sums.ok());
  CHECK(*sums == std::vector<FactSum>{{"tdp-01", "bhyt", 5, 6, 2},
                                      {"tdp-01", "ngheo", 0, 1, 1},
                                      {"tdp-02", "bhyt", 0.5, 3, 1}});

  // Replacing a record's facts drops the old ones; an empty list removes them all.
  REQUIRE(store->ReplaceFacts("h1", {fact("tdp-01", "2026", "bhyt", 1, 4)}).ok());
  REQUIRE(store->ReplaceFacts("h3", {}).ok());
  sums = store->AggregateFacts("2026");
  REQUIRE(sums.ok());
  CHECK(*sums == std::vector<FactSum>{{"tdp-01", "bhyt", 3, 6, 2}});
  CHECK(store->AggregateFacts("2027")->empty());

  SECTION("a failing replacement changes nothing, even outside a transaction") {
    std::string before = DumpOrDie(*store);
    Status s = store->ReplaceFacts(
        "h1", {fact("tdp-01", "2026", "x", 1, 1), fact("tdp-01", "2026", "x", 2, 2)});
    CHECK(s.code() == "store_constraint");
    CHECK(DumpOrDie(*store) == before);
  }
  SECTION("bad facts are refused before anything is written") {
    CHECK(store->ReplaceFacts("h1", {fact("tdp-01", "2026", "x", NAN, 1)}).code() ==
          "invalid_argument");
    CHECK(store->ReplaceFacts("h1", {Fact{"h9", "tdp-01", "2026", "x", 1, 1}}).code() ==
          "invalid_argument");
    CHECK(store->AggregateFacts("2026")->size() == 1);
  }
}

TEST_CASE("Facts are listed as expired from the day stored for them, soonest first") {
  auto store = OpenMemory();
  REQUIRE(store->SetFactsValidUntil("h1", "2026-05-01").ok());
  REQUIRE(store->SetFactsValidUntil("h2", "2026-03-01").ok());
  REQUIRE(store->SetFactsValidUntil("h3", "2026-05-01").ok());
  REQUIRE(store->SetFactsValidUntil("g1", std::nullopt).ok());  // never: no row
  using Ids = std::vector<std::string>;
  CHECK(*store->ExpiredFactOwners("2026-02-28", 10) == Ids{});
  CHECK(*store->ExpiredFactOwners("2026-03-01", 10) == Ids{"h2"});
  CHECK(*store->ExpiredFactOwners("2026-05-01", 10) == Ids{"h2", "h1", "h3"});
  CHECK(*store->ExpiredFactOwners("2026-05-01", 2) == Ids{"h2", "h1"});
  // A refresh moves the day; a household that loses its facts loses the day.
  REQUIRE(store->SetFactsValidUntil("h2", "2026-06-01").ok());
  REQUIRE(store->SetFactsValidUntil("h1", std::nullopt).ok());
  CHECK(*store->ExpiredFactOwners("2026-05-31", 10) == Ids{"h3"});
  CHECK(*store->ExpiredFactOwners("2027-01-01", 10) == Ids{"h3", "h2"});
  // The same day again writes nothing.
  const int64_t writes = sqlite3_total_changes64(store->connection());
  REQUIRE(store->SetFactsValidUntil("h2", "2026-06-01").ok());
  CHECK(sqlite3_total_changes64(store->connection()) == writes);
  CHECK(store->SetFactsValidUntil("h2", "").code() == "invalid_argument");
  // Rolled back with its transaction.
  {
    Transaction txn(*store);
    REQUIRE(txn.status().ok());
    REQUIRE(store->SetFactsValidUntil("h3", "2026-12-01").ok());
  }
  CHECK(*store->ExpiredFactOwners("2026-05-31", 10) == Ids{"h3"});
}

TEST_CASE("SQLite failures map to stable store codes") {
  TempDir dir;
  SECTION("a file that is not a database") {
    std::string path = dir.File("notes.txt");
    std::ofstream(path) << "Đây không phải là cơ sở dữ liệu, chỉ là một tệp văn bản dài."
                        << std::string(4096, 'x');
    auto store = SqliteStore::Open({.path = path});
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == "store_corrupt");
    CHECK_FALSE(store.status().message_vi().empty());
    CHECK(store.status().message_en().find("not a database") != std::string::npos);
  }
  SECTION("a folder that does not exist") {
    auto store = SqliteStore::Open({.path = dir.File("no/such/dir/ward.db")});
    REQUIRE_FALSE(store.ok());
    CHECK(store.status().code() == "store_io");
  }
  SECTION("a full disk") {
    auto store = OpenOrDie({.path = dir.File("small.db"), .max_pages = 40});
    Record big = MakeRecord("", "household", "tdp-01");
    big.fields["ghi_chu"] = {std::string(3000, 'a'), "h"};
    Status s;
    int stored = 0;
    for (; stored < 1000 && s.ok(); ++stored) {
      big.id = NewUuid();
      s = store->PutRecord(big);
    }
    CHECK(s.code() == "store_full");
    // The store keeps working for reads after the failed write.
    auto n = store->CountRecords({});
    REQUIRE(n.ok());
    CHECK(*n == stored - 1);
  }
  SECTION("a write on a read-only store") {
    std::string path = dir.File("ro.db");
    OpenOrDie({.path = path}).reset();
    auto ro = OpenOrDie({.path = path, .read_only = true});
    CHECK(ro->SetMeta("k", "v").code() == "store_read_only");
    CHECK(ro->GetMeta("k").ok());
  }
}

#ifndef __EMSCRIPTEN__
// Several connections to one file exist only on the server (natively); a wasm process
// opens its database exclusively.
TEST_CASE("Readers see the writer's commits and a second writer gets store_busy") {
  TempDir dir;
  std::string path = dir.File("ward.db");
  auto writer = OpenOrDie({.path = path});
  auto reader = OpenOrDie({.path = path, .read_only = true});
  REQUIRE(writer->Begin().ok());
  REQUIRE(writer->PutRecord(MakeRecord("r1", "household", "tdp-01")).ok());
  CHECK_FALSE(reader->GetRecord("r1")->has_value());  // not committed yet
  auto other = OpenOrDie({.path = path, .busy_timeout_ms = 0});
  CHECK(other->Begin().code() == "store_busy");
  REQUIRE(writer->Commit().ok());
  CHECK(reader->GetRecord("r1")->has_value());
  CHECK(other->Begin().ok());
  CHECK(other->Rollback().ok());
}
#endif

TEST_CASE("Browser mode sets the pragmas that keep IndexedDB saves small") {
  TempDir dir;
  std::string path = dir.File("phone.db");
  {
    auto store = OpenOrDie({.path = path, .durability = Durability::kNormal, .browser_mode = true});
    REQUIRE(store->PutRecord(MakeRecord("r1", "household", "tdp-01")).ok());
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  auto pragma = [&](const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(stmt) == SQLITE_ROW);
    std::string v = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    return v;
  };
  CHECK(pragma("PRAGMA page_size") == "8192");
  CHECK(pragma("PRAGMA journal_mode") == "wal");
  CHECK(pragma("SELECT count(*) FROM records") == "1");
  sqlite3_close(db);
}

TEST_CASE("Backup copies a consistent database and restore brings it back") {
  TempDir dir;
  std::string path = dir.File("ward.db");
  std::string backup = dir.File("ward-backup.db");
  auto store = OpenOrDie({.path = path});
  REQUIRE(store->PutRecord(MakeRecord("r1", "household", "tdp-01")).ok());
  Change c = MakeChange("r1", "ho_ten", "An", "tdp-01", "h1");
  REQUIRE(store->AppendChange(c).ok());
  std::string at_backup = DumpOrDie(*store);

  REQUIRE(store->BackupTo(backup).ok());
  CHECK_FALSE(std::filesystem::exists(backup + ".partial"));
  {
    auto copy = OpenOrDie({.path = backup, .read_only = true});
    CHECK(DumpOrDie(*copy) == at_backup);
  }

  REQUIRE(store->PutRecord(MakeRecord("r2", "household", "tdp-01")).ok());
  store.reset();
  REQUIRE(SqliteStore::RestoreFrom(backup, path).ok());
  store = OpenOrDie({.path = path});
  CHECK(DumpOrDie(*store) == at_backup);
  CHECK_FALSE(store->GetRecord("r2")->has_value());

  SECTION("restoring from something that is not a backup changes nothing") {
    store.reset();
    std::string junk = dir.File("junk.db");
    std::ofstream(junk) << std::string(8192, 'z');
    CHECK(SqliteStore::RestoreFrom(junk, path).code() == "store_corrupt");
    std::string empty = dir.File("empty.db");
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(empty.c_str(), &db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    CHECK(SqliteStore::RestoreFrom(empty, path).code() == "invalid_argument");
    store = OpenOrDie({.path = path});
    CHECK(DumpOrDie(*store) == at_backup);
  }
}

}  // namespace
}  // namespace sotay

namespace sotay {
namespace {

TEST_CASE("Every connection's page cache is bounded by cache_kib") {
  TempDir dir;
  std::string path = (dir.path() / "cache.db").string();
  {
    auto writer = OpenOrDie({.path = path, .cache_kib = 256});
    auto limit = writer->CacheLimitKib();
    REQUIRE(limit.ok());
    CHECK(*limit == 256);
    // ~4 MiB of records, far more than the cache holds.
    REQUIRE(writer->Begin().ok());
    for (int i = 0; i < 2000; ++i) {
      Record r = MakeRecord(NewUuid(), "household", "tdp-01");
      r.fields["ghi_chu"] = {std::string(2000, 'x'), "1767225600000-00001-dev-a"};
      REQUIRE(writer->PutRecord(r).ok());
    }
    REQUIRE(writer->Commit().ok());
    CHECK(writer->CacheUsedBytes() > 128 * 1024);
    CHECK(writer->CacheUsedBytes() <= 300 * 1024);  // the bound, plus per-page headers

#ifndef __EMSCRIPTEN__
    // A reader beside the writer: only the server (natively) opens several connections.
    auto reader = OpenOrDie({.path = path, .read_only = true, .cache_kib = 256});
    CHECK(Ids(*reader, RecordQuery{}).size() == 2000);
    CHECK(reader->CacheUsedBytes() > 128 * 1024);
    CHECK(reader->CacheUsedBytes() <= 300 * 1024);
#endif
  }
  // Unset, the bound is ours, not SQLite's compiled-in default.
  auto store = OpenOrDie({.path = path});
  auto limit = store->CacheLimitKib();
  REQUIRE(limit.ok());
  CHECK(*limit == SqliteOptions::kDefaultCacheKib);
}

}  // namespace
}  // namespace sotay
