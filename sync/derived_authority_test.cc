// The server as the authority on derived values (sync/server_apply.h, WriteDerived):
// a push's computed fields are the core's, whatever the phone sent.
#include "sync/server_apply.h"

#include "sync/push_checks.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

constexpr const char* kPerson2 = "44444444-4444-4444-8444-444444444444";

struct Server {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  std::vector<RecordReview> flagged;
  std::vector<std::string> hooked;
  SyncServer sync{*store, Schemas(), clock, hlc, Options()};

  SyncServerOptions Options() {
    SyncServerOptions o;
    o.on_records_reviewed = [this](const std::vector<RecordReview>& r) {
      flagged.insert(flagged.end(), r.begin(), r.end());
      return Status::Ok();
    };
    o.on_records_changed = [this](Store&, RecordSource&, const std::vector<std::string>& ids) {
      hooked = ids;
      return Status::Ok();
    };
    return o;
  }

  PushOutcome Push(const Json& body) {
    Result<PushOutcome> r = sync.ApplyPush(Leader(kDevA), body);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return std::move(r).value();
  }
  Record Get(const std::string& id) {
    Result<std::optional<Record>> r = store->GetRecord(id);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return **r;
  }
  const ValidationIssue* Flag(const std::string& id, const std::string& field) {
    for (const RecordReview& r : flagged) {
      if (r.record_id != id) continue;
      for (const ValidationIssue& i : r.issues) {
        if (i.field == field && i.code == kDerivedReplacedCode) return &i;
      }
    }
    return nullptr;
  }
};

Json Person(int64_t seq, const std::string& id, const std::string& field, Json value, int counter) {
  return PushChange(seq, id, field, std::move(value), H(kT0, counter, kDevA), nullptr, "person",
                    "tdp-05", kHouse1);
}

// A household of two (one head) whose phone claims 7 members.
Json TamperedHousehold() {
  return Body({
      PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
      PushChange(2, kHouse1, "tenure", "owned", H(kT0, 1, kDevA)),
      PushChange(3, kHouse1, "floor_area", 60, H(kT0, 2, kDevA)),
      PushChange(4, kHouse1, "has_business", false, H(kT0, 3, kDevA)),
      PushChange(5, kHouse1, "members", 7, H(kT0, 4, kDevA)),
      Person(6, kPerson1, "full_name", "Nguyễn Văn An", 5),
      Person(7, kPerson1, "relationship", "head", 6),
      Person(8, kPerson2, "full_name", "Trần Thị Bình", 7),
      Person(9, kPerson2, "relationship", "spouse", 8),
  });
}

TEST_CASE("derived: a tampered computed value is replaced, logged, kept in history and flagged",
          "[sync][derived]") {
  Server s;
  PushOutcome out = s.Push(TamperedHousehold());
  // The phone's write was applied (it is a valid value), then replaced.
  CHECK(out.response.results.size() == 9);
  CHECK(out.applied == 9);
  CHECK(out.derived == 3);  // members, area_per_person, heads
  Record house = s.Get(kHouse1);
  CHECK(house.Get("members") == 2);
  CHECK(house.Get("heads") == 1);
  CHECK(house.Get("area_per_person") == 30);
  CHECK(HlcNode(house.fields["members"].hlc) == "server");
  CHECK(house.fields["members"].hlc > H(kT0, 4, kDevA));

  // The office sees the replaced value: a review flag naming the field and both values…
  const ValidationIssue* flag = s.Flag(kHouse1, "members");
  REQUIRE(flag != nullptr);
  CHECK(flag->message_en.find("7") != std::string::npos);
  CHECK(flag->message_en.find("2") != std::string::npos);
  // …only for the value the phone sent; the others were simply missing.
  CHECK(s.Flag(kHouse1, "heads") == nullptr);

  // …and the history: the phone's write, then the server's with the value it replaced.
  Result<std::vector<HistoryEntry>> history = s.store->ListHistory(kHouse1, 0, 10);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  const HistoryEntry& server_entry =
      (*history)[0].device_id == "server" ? (*history)[0] : (*history)[1];
  CHECK(server_entry.device_id == "server");
  CHECK(server_entry.fields["members"]["o"] == 7);
  CHECK(server_entry.fields["members"]["v"] == 2);

  // Phones pull the server's values.
  Result<Json> page = s.sync.Pull(Leader(kDevB), 0, 1000);
  REQUIRE(page.ok());
  Json members;
  for (const Json& c : (*page)["changes"]) {
    if (c["record_id"] == kHouse1 && c["field"] == "members") members = c;
  }
  REQUIRE(members.is_object());
  CHECK(members["value"] == 2);
  CHECK(members["hlc"] == house.fields["members"].hlc);
  // The facts hook saw the records the server wrote.
  CHECK(std::find(s.hooked.begin(), s.hooked.end(), kHouse1) != s.hooked.end());
}

TEST_CASE("derived: a child's change updates its household, right values are left alone",
          "[sync][derived]") {
  Server s;
  s.Push(TamperedHousehold());
  const std::string members_hlc = s.Get(kHouse1).fields["members"].hlc;
  // A third member: the household's count and area per person follow.
  PushOutcome out = s.Push(Body(
      {Person(10, "55555555-5555-4555-8555-555555555555", "full_name", "Nguyễn Văn Cường", 20)}));
  CHECK(out.derived == 2);
  Record house = s.Get(kHouse1);
  CHECK(house.Get("members") == 3);
  CHECK(house.Get("area_per_person") == 20);
  CHECK(house.fields["members"].hlc > members_hlc);
  // Nothing stale: nothing written.
  CHECK(s.Push(Body({PushChange(11, kHouse1, "street", "Lê Lai", H(kT0, 30, kDevA))})).derived ==
        0);
}

TEST_CASE("derived: a computed field written by two devices is no conflict", "[sync][derived]") {
  Server s;
  s.Push(TamperedHousehold());
  // Device B had not seen the server's value: its stale write is no conflict.
  Result<PushOutcome> b = s.sync.ApplyPush(
      Leader(kDevB), Body({PushChange(1, kHouse1, "members", 2, H(kT0 + 1000, 0, kDevB))}));
  REQUIRE(b.ok());
  CHECK(b->conflicts == 0);
  Result<std::vector<Conflict>> conflicts = s.store->ListConflicts({});
  REQUIRE(conflicts.ok());
  CHECK(conflicts->empty());
}

TEST_CASE("derived: Recompute writes what a date made stale, in one transaction",
          "[sync][derived]") {
  Server s;
  s.Push(Body({
      PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
      Person(2, kPerson1, "dob", "2010-01-05", 1),
  }));
  CHECK(s.Get(kPerson1).Get("age") == 15);  // on 2026-01-01
  CHECK(s.sync.Recompute({kHouse1})->derived == 0);
  s.clock.Advance(int64_t{5} * 24 * 3600 * 1000);  // 2026-01-06: a birthday passed
  s.hooked.clear();
  Result<PushOutcome> r = s.sync.Recompute({kHouse1});
  REQUIRE(r.ok());
  CHECK(r->derived == 1);
  CHECK(s.Get(kPerson1).Get("age") == 16);
  CHECK(HlcNode(s.Get(kPerson1).fields["age"].hlc) == "server");
  // The hooks ran for the household asked for and the record written.
  CHECK(std::find(s.hooked.begin(), s.hooked.end(), kHouse1) != s.hooked.end());
  CHECK(std::find(s.hooked.begin(), s.hooked.end(), kPerson1) != s.hooked.end());
  // No push wrote the age: no flag.
  CHECK(s.Flag(kPerson1, "age") == nullptr);
}

TEST_CASE("derived: RecomputeWhile stops when told, committing the chunks it did",
          "[sync][derived]") {
  constexpr const char* kHouse2 = "66666666-6666-4666-8666-666666666666";
  constexpr const char* kPerson3 = "77777777-7777-4777-8777-777777777777";
  Server s;
  s.Push(Body({
      PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
      Person(2, kPerson1, "dob", "2010-01-05", 1),
      PushChange(3, kHouse2, "street", "Lê Lai", H(kT0, 2, kDevA)),
      PushChange(4, kPerson3, "dob", "2010-01-05", H(kT0, 3, kDevA), nullptr, "person", "tdp-05",
                 kHouse2),
  }));
  s.clock.Advance(int64_t{5} * 24 * 3600 * 1000);  // a birthday passed in both households
  int asked = 0;
  Result<size_t> done = s.sync.RecomputeWhile({kHouse1, kHouse2}, 1, [&] {
    ++asked;
    return false;
  });
  REQUIRE(done.ok());
  CHECK(*done == 1);
  CHECK(asked == 1);
  CHECK(s.Get(kPerson1).Get("age") == 16);  // committed
  CHECK(s.Get(kPerson3).Get("age") == 15);  // not reached
  // Told to go on, it does every chunk and does not ask after the last.
  asked = 0;
  done = s.sync.RecomputeWhile({kHouse1, kHouse2}, 1, [&] {
    ++asked;
    return true;
  });
  REQUIRE(done.ok());
  CHECK(*done == 2);
  CHECK(asked == 1);
  CHECK(s.Get(kPerson3).Get("age") == 16);
  CHECK(HlcNode(s.Get(kPerson3).fields["age"].hlc) == "server");
}

TEST_CASE("derived: off, the merge stores what it is sent", "[sync][derived]") {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  SyncServerOptions options;
  options.recompute_derived = false;
  SyncServer sync(*store, Schemas(), clock, hlc, options);
  Result<PushOutcome> r = sync.ApplyPush(Leader(kDevA), TamperedHousehold());
  REQUIRE(r.ok());
  CHECK(r->derived == 0);
  Result<std::optional<Record>> house = store->GetRecord(kHouse1);
  REQUIRE(house.ok());
  CHECK((*house)->Get("members") == 7);
}

}  // namespace
}  // namespace sotay
