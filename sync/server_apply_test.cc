#include "sync/server_apply.h"

#include "core/fault_store.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

struct Server {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  SyncServer sync{*store, Schemas(), clock, hlc, MergeOnly()};

  PushOutcome Push(const DeviceScope& who, const Json& body) {
    Result<PushOutcome> r = sync.ApplyPush(who, body);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return std::move(r).value();
  }
  int64_t LastSeq() {
    Result<int64_t> n = store->LastServerSeq();
    REQUIRE(n.ok());
    return *n;
  }
  Record Get(const std::string& id) {
    Result<std::optional<Record>> r = store->GetRecord(id);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return **r;
  }
  std::vector<QuarantinedChange> Quarantine() {
    auto q = store->ListQuarantined({});
    REQUIRE(q.ok());
    return *q;
  }
  std::vector<Conflict> Conflicts() {
    auto c = store->ListConflicts({});
    REQUIRE(c.ok());
    return *c;
  }
};

const std::string kSealed =
    R"({"sealed":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=="})";

TEST_CASE("push: a malformed body is refused whole, with a code and a path", "[sync][push]") {
  Server s;
  const std::string before = DumpOf(*s.store);
  Json ok_change = PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA));
  std::vector<Json> many(kMaxPushChanges + 1, ok_change);
  struct Case {
    Json body;
    std::string code;
    std::string path;
  };
  Json not_object_change = Body({Json::array()});
  Json seq_string = ok_change;
  seq_string["device_seq"] = "1";
  Json seq_zero = ok_change;
  seq_zero["device_seq"] = 0;
  Json seq_float = ok_change;
  seq_float["device_seq"] = 1.5;
  Json no_seq = ok_change;
  no_seq.erase("device_seq");
  const std::vector<Case> cases = {
      {Json::array(), "bad_request", ""},
      {Json("changes"), "bad_request", ""},
      {Json::object(), "bad_request", "changes"},
      {Json{{"changes", Json::array()}, {"device", 1}}, "bad_request", "device"},
      {Json{{"changes", Json::object()}}, "invalid_field_type", "changes"},
      {Json{{"changes", nullptr}}, "invalid_field_type", "changes"},
      {Body(many), "batch_too_large", "changes"},
      {not_object_change, "bad_request", "changes/0"},
      {Body({ok_change, seq_string}), "invalid_field_type", "changes/1/device_seq"},
      {Body({seq_zero}), "bad_request", "changes/0/device_seq"},
      {Body({seq_float}), "invalid_field_type", "changes/0/device_seq"},
      {Body({no_seq}), "bad_request", "changes/0/device_seq"},
  };
  for (const Case& c : cases) {
    INFO(c.body.dump().substr(0, 200));
    Result<PushOutcome> r = s.sync.ApplyPush(Leader(kDevA), c.body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
    CHECK(r.status().path() == c.path);
  }
  CHECK(DumpOf(*s.store) == before);
  // Exactly the limit is fine.
  many.pop_back();
  for (size_t i = 0; i < many.size(); ++i) many[i]["device_seq"] = static_cast<int64_t>(i + 1);
  CHECK(s.Push(Leader(kDevA), Body(many)).response.acked_through == 1000);
}

TEST_CASE("push: an applied change is stored, logged and acknowledged", "[sync][push]") {
  Server s;
  PushOutcome out =
      s.Push(Leader(kDevA), Body({
                                PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
                                PushChange(2, kHouse1, "tenure", "owned", H(kT0, 1, kDevA)),
                            }));
  CHECK(out.body == Json::parse(R"({"acked_through": 2, "results": [
      {"device_seq": 1, "status": "applied"}, {"device_seq": 2, "status": "applied"}]})"));
  Record r = s.Get(kHouse1);
  CHECK(r.type == "household");
  CHECK(r.group_id == "tdp-05");
  CHECK(r.fields["street"] == FieldValue{"Lê Lợi", H(kT0, 0, kDevA)});
  CHECK(r.Get("tenure") == "owned");
  CHECK(s.LastSeq() == 2);
  CHECK(out.changed_record_ids == std::vector<std::string>{kHouse1});
  CHECK(out.applied == 2);
  // The server clock has seen the device's HLCs.
  CHECK(s.hlc.last().wall_ms == kT0);
  CHECK(s.hlc.last().counter == 1);
}

TEST_CASE("push: each logged field keeps its seq; each push is one history entry per record",
          "[sync][push][history]") {
  Server s;
  s.Push(Leader(kDevA), Body({
                            PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
                            PushChange(2, kHouse1, "tenure", "owned", H(kT0, 1, kDevA)),
                            PushChange(3, kHouse2, "street", "Hai Bà Trưng", H(kT0, 2, kDevA)),
                            PushChange(4, kHouse1, "street", "Lê Lai", H(kT0, 3, kDevA)),
                        }));
  Record r = s.Get(kHouse1);
  CHECK(r.fields.at("street").seq == 4);
  CHECK(r.fields.at("tenure").seq == 2);
  CHECK(s.Get(kHouse2).fields.at("street").seq == 3);
  s.clock.Advance(5000);
  // Another device's write, which had seen the stored version.
  s.Push(
      Leader(kDevB),
      Body({PushChange(1, kHouse1, "tenure", "rented", H(kT0 + 10, 0, kDevB), H(kT0, 1, kDevA))}));
  CHECK(s.Get(kHouse1).fields.at("tenure").seq == 5);
  // A duplicate and a losing write change nothing and add no history.
  s.Push(Leader(kDevA), Body({PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA))}));

  auto history = s.store->ListHistory(kHouse1, 0, 10);
  REQUIRE(history.ok());
  REQUIRE(history->size() == 2);
  const HistoryEntry& last = (*history)[0];
  CHECK(last.device_id == kDevB);
  CHECK(last.seq == 5);
  CHECK(last.at_ms == kT0 + 5000);
  CHECK(last.fields ==
        Json{{"tenure", {{"v", "rented"}, {"h", H(kT0 + 10, 0, kDevB)}, {"o", "owned"}}}});
  const HistoryEntry& first = (*history)[1];
  CHECK(first.device_id == kDevA);
  CHECK(first.seq == 4);
  CHECK(first.at_ms == kT0);
  // The first write of a field has no old value; the field written twice in one push
  // keeps its latest value.
  CHECK(first.fields == Json{{"street", {{"v", "Lê Lai"}, {"h", H(kT0, 3, kDevA)}}},
                             {"tenure", {{"v", "owned"}, {"h", H(kT0, 1, kDevA)}}}});
  CHECK(s.store->ListHistory(kHouse2, 0, 10)->size() == 1);
}

TEST_CASE("push: the same batch three times applies once", "[sync][push]") {
  Server s;
  Json body = Body({
      PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
      PushChange(2, kHouse1, "floor_area", 3000, H(kT0, 1, kDevA)),  // out of range
      PushChange(3, kHouse1, "tenure", "owned", H(kT0, 2, kDevA)),
  });
  PushOutcome first = s.Push(Leader(kDevA), body);
  const std::string after_first = DumpOf(*s.store);
  // Two changes were logged; the push reserved a seq for each of its three changes.
  const int64_t last_after_first = s.LastSeq();
  CHECK(last_after_first == 3);
  PushOutcome second = s.Push(Leader(kDevA), body);
  PushOutcome third = s.Push(Leader(kDevA), body);
  CHECK(first.response.results[0].status == "applied");
  CHECK(first.response.results[1].status == "rejected");
  CHECK(first.response.results[1].code == "out_of_range");
  CHECK(second.body == third.body);
  CHECK(second.response.acked_through == 3);
  for (const PushResult& r : second.response.results) CHECK(r.status == "duplicate");
  // The retry of a rejected change still says why it was refused.
  CHECK(second.response.results[1].code == "out_of_range");
  CHECK(second.response.results[0].code.empty());
  CHECK(DumpOf(*s.store) == after_first);
  CHECK(s.LastSeq() == last_after_first);  // the retries log nothing
  CHECK(s.Quarantine().size() == 1);
  CHECK(second.duplicates == 3);
}

TEST_CASE("push: a device_seq repeated inside one batch is a duplicate", "[sync][push]") {
  Server s;
  PushOutcome out =
      s.Push(Leader(kDevA), Body({
                                PushChange(1, kHouse1, "street", "A", H(kT0, 0, kDevA)),
                                PushChange(1, kHouse1, "street", "B", H(kT0, 1, kDevA)),
                            }));
  CHECK(out.response.results[1].status == "duplicate");
  CHECK(s.Get(kHouse1).Get("street") == "A");
}

TEST_CASE("push: concurrent writes of one field conflict; the higher HLC wins",
          "[sync][push][conflict]") {
  Server s;
  const std::string a1 = H(kT0, 0, kDevA);
  s.Push(Leader(kDevA), Body({PushChange(1, kHouse1, "street", "Lê Lợi", a1)}));

  SECTION("the later writer has the higher HLC") {
    const std::string b1 = H(kT0 + 100, 0, kDevB);
    PushOutcome out =
        s.Push(Leader(kDevB), Body({PushChange(1, kHouse1, "street", "Trần Phú", b1)}));
    CHECK(out.response.results[0].status == "conflict");
    CHECK(s.Get(kHouse1).fields["street"] == FieldValue{"Trần Phú", b1});
    std::vector<Conflict> c = s.Conflicts();
    REQUIRE(c.size() == 1);
    CHECK(c[0].record_id == kHouse1);
    CHECK(c[0].field == "street");
    CHECK(c[0].group_id == "tdp-05");
    CHECK(c[0].winning == FieldValue{"Trần Phú", b1});
    CHECK(c[0].losing == FieldValue{"Lê Lợi", a1});
    CHECK(c[0].losing_device == kDevA);
    CHECK(c[0].created_ms == kT0);
    CHECK(s.LastSeq() == 2);  // the winner is in the log
  }
  SECTION("the later writer has the lower HLC (its clock is behind)") {
    const std::string b1 = H(kT0 - 100, 0, kDevB);
    PushOutcome out = s.Push(Leader(kDevB), Body({PushChange(1, kHouse1, "street", "Cũ", b1)}));
    CHECK(out.response.results[0].status == "conflict");
    CHECK(s.Get(kHouse1).fields["street"] == FieldValue{"Lê Lợi", a1});
    std::vector<Conflict> c = s.Conflicts();
    REQUIRE(c.size() == 1);
    CHECK(c[0].winning == FieldValue{"Lê Lợi", a1});
    CHECK(c[0].losing == FieldValue{"Cũ", b1});
    CHECK(c[0].losing_device == kDevB);
    CHECK(s.LastSeq() == 1);  // a losing write is not logged
    // ...but it has its receipt: the retry is a duplicate.
    CHECK(s.Push(Leader(kDevB), Body({PushChange(1, kHouse1, "street", "Cũ", b1)}))
              .response.results[0]
              .status == "duplicate");
  }
  SECTION("a writer that had seen the current version does not conflict") {
    PushOutcome out = s.Push(
        Leader(kDevB), Body({PushChange(1, kHouse1, "street", "Mới", H(kT0 + 1, 0, kDevB), a1)}));
    CHECK(out.response.results[0].status == "applied");
    CHECK(s.Conflicts().empty());
  }
  SECTION("a device overwriting its own write does not conflict") {
    PushOutcome out = s.Push(Leader(kDevA),
                             Body({PushChange(2, kHouse1, "street", "Mới", H(kT0 + 1, 0, kDevA))}));
    CHECK(out.response.results[0].status == "applied");
    CHECK(s.Conflicts().empty());
  }
  SECTION("different fields of one record never conflict") {
    PushOutcome out =
        s.Push(Leader(kDevB), Body({PushChange(1, kHouse1, "tenure", "rented", H(kT0, 0, kDevB))}));
    CHECK(out.response.results[0].status == "applied");
    CHECK(s.Conflicts().empty());
  }
}

struct RejectCase {
  std::string name;
  Json change;  // device_seq 1
  std::string code;
  DeviceScope who = Leader(kDevA);
};

TEST_CASE("push: each rejection code, without blocking the rest of the batch",
          "[sync][push][reject]") {
  const std::string h = H(kT0, 5, kDevA);
  Json missing_hlc = PushChange(1, kHouse1, "street", "x", h);
  missing_hlc.erase("hlc");
  Json wrong_type = PushChange(1, kHouse1, "street", "x", h);
  wrong_type["record_id"] = 12;
  const std::vector<RejectCase> cases = {
      {"missing key", missing_hlc, "bad_request"},
      {"wrong key type", wrong_type, "invalid_field_type"},
      {"malformed hlc", PushChange(1, kHouse1, "street", "x", "1767225600000-0-x"),
       "hlc_malformed"},
      {"malformed base", PushChange(1, kHouse1, "street", "x", h, "yesterday"), "hlc_malformed"},
      {"far future", PushChange(1, kHouse1, "street", "x", H(kT0 + 25 * 3600 * 1000, 0, kDevA)),
       "hlc_future"},
      {"another node", PushChange(1, kHouse1, "street", "x", H(kT0, 0, kDevB)),
       "hlc_node_mismatch"},
      {"upper-case id", PushChange(1, "11111111-1111-4111-8111-11111111111A", "street", "x", h),
       "invalid_id"},
      {"bad group", PushChange(1, kHouse1, "street", "x", h, nullptr, "household", "TDP 5"),
       "invalid_id"},
      {"other group", PushChange(1, kHouse1, "street", "x", h, nullptr, "household", "tdp-06"),
       "forbidden_group"},
      {"unknown type", PushChange(1, kHouse1, "street", "x", h, nullptr, "castle"), "unknown_type"},
      {"unknown field", PushChange(1, kHouse1, "moat", "x", h), "unknown_field"},
      {"wrong value type", PushChange(1, kHouse1, "floor_area", "big", h), "type_mismatch"},
      {"not in list", PushChange(1, kHouse1, "tenure", "castle", h), "not_in_list"},
      {"too long", PushChange(1, kHouse1, "house_number", std::string(21, '9'), h), "too_long"},
      {"plaintext in a sealed field", PushChange(1, kHouse1, "phone", "0912345678", h),
       "not_sealed"},
      {"_deleted not boolean", PushChange(1, kHouse1, "_deleted", "yes", h), "type_mismatch"},
      {"household with a parent",
       PushChange(1, kHouse1, "street", "x", h, nullptr, "household", "tdp-05", kHouse2),
       "bad_parent"},
      {"person without a parent", PushChange(1, kPerson1, "full_name", "An", h, nullptr, "person"),
       "bad_parent"},
      {"person under a household of another group",
       PushChange(1, kPerson1, "full_name", "An", h, nullptr, "person", "tdp-06", kHouse2),
       "bad_parent", DeviceScope{kDevA, "office", {}}},
      {"existing record claimed in another group",
       PushChange(1, kHouse2, "street", "x", h, nullptr, "household", "tdp-05"), "record_mismatch",
       DeviceScope{kDevA, "office", {}}},
      {"existing record claimed with another type",
       PushChange(1, kHouse2, "full_name", "x", h, nullptr, "person", "tdp-07", kHouse1),
       "record_mismatch", DeviceScope{kDevA, "office", {}}},
  };
  for (const RejectCase& rc : cases) {
    DYNAMIC_SECTION(rc.name) {
      Server s;
      // Household 2 exists in tdp-07 (written by the office's device B).
      s.Push(DeviceScope{kDevB, "office", {}},
             Body({PushChange(1, kHouse2, "street", "Hai", H(kT0, 0, kDevB), nullptr, "household",
                              "tdp-07")}));
      const int64_t seq_before = s.LastSeq();
      Json good = PushChange(2, kHouse1, "tenure", "owned", H(kT0, 6, kDevA));
      PushOutcome out = s.Push(rc.who, Body({rc.change, good}));
      REQUIRE(out.response.results.size() == 2);
      CHECK(out.response.results[0].status == "rejected");
      CHECK(out.response.results[0].code == rc.code);
      CHECK_FALSE(out.response.results[0].message.empty());
      CHECK(out.response.results[1].status == "applied");
      CHECK(s.LastSeq() == seq_before + 1);
      CHECK(out.response.acked_through == 2);
      std::vector<QuarantinedChange> q = s.Quarantine();
      REQUIRE(q.size() == 1);
      CHECK(q[0].code == rc.code);
      CHECK(q[0].raw == rc.change);
      CHECK(q[0].change.device_id == kDevA);
      CHECK(q[0].change.device_seq == 1);
      CHECK(q[0].received_ms == kT0);
      Result<std::optional<Receipt>> receipt = s.store->GetReceipt(kDevA, 1);
      REQUIRE(receipt.ok());
      REQUIRE(receipt->has_value());
      CHECK(**receipt == Receipt{"rejected", rc.code});
      // A later batch goes through.
      PushOutcome later =
          s.Push(rc.who, Body({PushChange(3, kHouse1, "house_number", "12", H(kT0, 7, kDevA))}));
      CHECK(later.response.results[0].status == "applied");
      CHECK(later.response.acked_through == 3);
    }
  }
}

TEST_CASE("push: a sealed envelope, a deletion and a cleared value are accepted", "[sync][push]") {
  Server s;
  PushOutcome out = s.Push(
      Leader(kDevA), Body({
                         PushChange(1, kHouse1, "phone", Json::parse(kSealed), H(kT0, 0, kDevA)),
                         PushChange(2, kHouse1, "house_number", nullptr, H(kT0, 1, kDevA)),
                         PushChange(3, kHouse1, "_deleted", true, H(kT0, 2, kDevA)),
                     }));
  for (const PushResult& r : out.response.results) CHECK(r.status == "applied");
  Record r = s.Get(kHouse1);
  CHECK(r.deleted);
  CHECK(r.Get("phone") == Json::parse(kSealed));
  CHECK(out.reviews.empty());  // deleted records are not reviewed
}

// Device A writes house 1's house_number once per device_seq, in the order given.
PushOutcome PushSeqs(Server& s, const std::vector<int64_t>& seqs) {
  std::vector<Json> changes;
  for (int64_t q : seqs) {
    changes.push_back(PushChange(q, kHouse1, "house_number", std::to_string(q),
                                 H(kT0, static_cast<int>(q), kDevA)));
  }
  return s.Push(Leader(kDevA), Body(changes));
}

TEST_CASE("push: acked_through is the contiguous run of receipts", "[sync][push]") {
  Server s;
  auto push = [&](std::vector<int64_t> seqs) { return PushSeqs(s, seqs).response.acked_through; };
  CHECK(push({}) == 0);
  CHECK(push({2, 3}) == 0);
  CHECK(push({1}) == 3);
  CHECK(push({5, 7}) == 3);
  CHECK(push({4}) == 5);
  CHECK(push({6}) == 7);
  // Per device: another device starts from 0.
  CHECK(s.Push(Leader(kDevB), Body({PushChange(1, kHouse2, "street", "b", H(kT0, 0, kDevB))}))
            .response.acked_through == 1);
  // The final value is the highest HLC, whatever the arrival order.
  CHECK(s.Get(kHouse1).Get("house_number") == "7");
}

TEST_CASE("push: out-of-order pushes with gaps and overlaps keep acked_through exact",
          "[sync][push]") {
  Server s;
  auto push = [&](std::vector<int64_t> seqs) { return PushSeqs(s, seqs); };
  CHECK(push({10, 11, 12}).response.acked_through == 0);
  CHECK(push({3, 1, 2}).response.acked_through == 3);  // out of order inside a push
  // Overlapping a stored range: 10..12 are duplicates, 13 is new; 4..9 still missing.
  PushOutcome overlap = push({9, 10, 11, 12, 13});
  std::vector<std::string> statuses;
  for (const PushResult& r : overlap.response.results) statuses.push_back(r.status);
  CHECK(statuses ==
        std::vector<std::string>{"applied", "duplicate", "duplicate", "duplicate", "applied"});
  CHECK(overlap.response.acked_through == 3);
  // The same device_seq twice in one push: the second is a duplicate of the first.
  PushOutcome twice = push({5, 5});
  CHECK(twice.response.results[0].status == "applied");
  CHECK(twice.response.results[1].status == "duplicate");
  CHECK(twice.response.acked_through == 3);
  CHECK(push({4, 6, 7, 8}).response.acked_through == 13);
  CHECK(*s.store->MaxDeviceSeq(kDevA) == 13);
}

TEST_CASE("push: a retried push answers duplicate for every change, with the rejected codes",
          "[sync][push]") {
  Server s;
  Json body = Body({
      PushChange(1, kHouse1, "street", "A", H(kT0, 0, kDevA)),
      PushChange(2, kHouse1, "no_such_field", "x", H(kT0, 1, kDevA)),
      PushChange(3, kHouse1, "tenure", "owned", H(kT0, 2, kDevA)),
      PushChange(4, kHouse1, "street", "B", H(kT0, 3, kDevB)),  // another node: rejected
  });
  PushOutcome first = s.Push(Leader(kDevA), body);
  REQUIRE(first.response.results.size() == 4);
  CHECK(first.response.results[1].status == "rejected");
  CHECK(first.response.results[3].status == "rejected");
  const std::string after_first = DumpOf(*s.store);
  PushOutcome again = s.Push(Leader(kDevA), body);
  REQUIRE(again.response.results.size() == 4);
  for (size_t i = 0; i < 4; ++i) {
    INFO(i);
    CHECK(again.response.results[i].status == "duplicate");
    CHECK(again.response.results[i].code ==
          (first.response.results[i].status == "rejected" ? first.response.results[i].code : ""));
  }
  CHECK(again.response.results[1].code == "unknown_field");
  CHECK(again.response.results[3].code == "hlc_node_mismatch");
  CHECK(again.response.acked_through == 4);
  CHECK(DumpOf(*s.store) == after_first);  // nothing written twice
}

TEST_CASE("push: a device with no scope is forbidden; office writes any group",
          "[sync][push][scope]") {
  Server s;
  Json body = Body(
      {PushChange(1, kHouse1, "street", "x", H(kT0, 0, kDevA), nullptr, "household", "tdp-09")});
  const std::string before = DumpOf(*s.store);
  for (const DeviceScope& who :
       {DeviceScope{kDevA, "leader", {}}, DeviceScope{kDevA, "visitor", {"tdp-09"}}}) {
    Result<PushOutcome> r = s.sync.ApplyPush(who, body);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "forbidden");
  }
  CHECK(DumpOf(*s.store) == before);
  CHECK(s.Push(DeviceScope{kDevA, "admin", {}}, body).response.results[0].status == "applied");
}

TEST_CASE("push: touched records are re-validated whole, data kept", "[sync][push][review]") {
  Server s;
  // A household alone: required fields and its person are missing.
  PushOutcome out =
      s.Push(Leader(kDevA), Body({
                                PushChange(1, kHouse1, "street", "Lê Lợi", H(kT0, 0, kDevA)),
                            }));
  REQUIRE(out.reviews.size() == 1);
  CHECK(out.reviews[0].record_id == kHouse1);
  CHECK(out.reviews[0].group_id == "tdp-05");
  auto has = [](const RecordReview& r, const std::string& field, const std::string& code) {
    for (const ValidationIssue& i : r.issues) {
      if (i.field == field && i.code == code) return true;
    }
    return false;
  };
  CHECK(has(out.reviews[0], "tenure", "required"));
  CHECK(has(out.reviews[0], "person", "child_count"));
  CHECK(s.Get(kHouse1).Get("street") == "Lê Lợi");

  // A person added: reviewed, and its household too (its child count changed).
  out =
      s.Push(Leader(kDevA), Body({
                                PushChange(2, kPerson1, "full_name", "Nguyễn An", H(kT0, 1, kDevA),
                                           nullptr, "person", "tdp-05", kHouse1),
                            }));
  REQUIRE(out.reviews.size() == 2);
  CHECK(out.reviews[0].record_id == kPerson1);
  CHECK(has(out.reviews[0], "sex", "required"));
  CHECK(out.reviews[1].record_id == kHouse1);
  CHECK_FALSE(has(out.reviews[1], "person", "child_count"));
  CHECK(has(out.reviews[1], "tenure", "required"));
}

TEST_CASE("push: the records-changed hook runs inside the transaction", "[sync][push]") {
  Server s;
  std::vector<std::vector<std::string>> calls;
  bool fail = false;
  SyncServerOptions options;
  std::vector<std::string> streets_seen;
  options.on_records_changed = [&](Store& store, RecordSource& records,
                                   const std::vector<std::string>& ids) -> Status {
    calls.push_back(ids);
    // The hook gets the push's own records, as written.
    for (const std::string& id : ids) {
      Result<const Record*> r = records.Find(id);
      if (!r.ok()) return r.status();
      streets_seen.push_back(*r == nullptr ? "missing" : (*r)->Get("street").dump());
    }
    for (const std::string& id : ids) {
      SOTAY_RETURN_IF_ERROR(store.ReplaceFacts(id, {Fact{id, "tdp-05", "2026", "x", 1, 1}}));
    }
    if (fail) return Status::Error("indicator_error", "lỗi", "failed");
    return Status::Ok();
  };
  SyncServer sync(*s.store, Schemas(), s.clock, s.hlc, MergeOnly(options));
  Json body = Body({
      PushChange(1, kHouse1, "street", "A", H(kT0, 0, kDevA)),
      PushChange(2, kHouse2, "street", "B", H(kT0, 1, kDevA)),
      PushChange(3, kHouse1, "tenure", "owned", H(kT0, 2, kDevA)),
      PushChange(4, kHouse1, "moat", "x", H(kT0, 3, kDevA)),
  });
  fail = true;
  const std::string before = DumpOf(*s.store);
  Result<PushOutcome> failed = sync.ApplyPush(Leader(kDevA), body);
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == "indicator_error");
  CHECK(DumpOf(*s.store) == before);

  fail = false;
  Result<PushOutcome> ok = sync.ApplyPush(Leader(kDevA), body);
  REQUIRE(ok.ok());
  REQUIRE(calls.size() == 2);
  CHECK(calls[1] == std::vector<std::string>{kHouse1, kHouse2});
  CHECK(streets_seen == std::vector<std::string>{"\"A\"", "\"B\"", "\"A\"", "\"B\""});
  auto sums = s.store->AggregateFacts("2026");
  REQUIRE(sums.ok());
  REQUIRE(sums->size() == 1);
  CHECK((*sums)[0].facts == 2);
  // Nothing changed: the hook is not called.
  REQUIRE(sync.ApplyPush(Leader(kDevA), body).ok());
  CHECK(calls.size() == 2);
}

// Builds the same starting state in a fresh store: a household written by device B,
// then a push from device A that conflicts, rejects, applies and repeats.
struct FaultScenario {
  Server s;
  Json body;
  FaultScenario() {
    s.Push(Leader(kDevB), Body({PushChange(1, kHouse1, "street", "B", H(kT0, 0, kDevB)),
                                PushChange(2, kHouse1, "tenure", "rented", H(kT0, 1, kDevB))}));
    s.Push(Leader(kDevA), Body({PushChange(1, kHouse2, "street", "A", H(kT0, 0, kDevA))}));
    body = Body({
        PushChange(1, kHouse2, "street", "A", H(kT0, 0, kDevA)),          // duplicate
        PushChange(2, kHouse1, "street", "A", H(kT0 + 5, 0, kDevA)),      // conflict, wins
        PushChange(3, kHouse1, "tenure", "owned", H(kT0 - 5, 0, kDevA)),  // conflict, loses
        PushChange(4, kHouse1, "moat", "x", H(kT0 + 5, 1, kDevA)),        // rejected
        PushChange(5, kPerson1, "full_name", "An", H(kT0 + 5, 2, kDevA), nullptr, "person",
                   "tdp-05", kHouse1),                                   // applied, new record
        PushChange(6, kHouse2, "_deleted", true, H(kT0 + 5, 3, kDevA)),  // applied
    });
  }
};

TEST_CASE("push: a store failure at any step leaves the store unchanged; the retry applies once",
          "[sync][push][fault]") {
  // The outcome without faults, for comparison.
  FaultScenario reference;
  PushOutcome expected = reference.s.Push(Leader(kDevA), reference.body);
  const std::string expected_dump = DumpOf(*reference.s.store);
  REQUIRE(expected.conflicts == 2);
  REQUIRE(expected.rejected == 1);
  REQUIRE(expected.duplicates == 1);

  int64_t failures = 0;
  for (int64_t n = 1;; ++n) {
    FaultScenario f;
    FaultInjectingStore faulty(*f.s.store);
    SyncServer sync(faulty, Schemas(), f.s.clock, f.s.hlc, MergeOnly());
    const std::string before = DumpOf(*f.s.store);
    const Hlc hlc_before = f.s.hlc.last();
    const bool sticky = n % 2 == 0;
    const std::string code = sticky ? "store_full" : "store_io";
    faulty.FailNth(n, Status::Error(code, "lỗi", "injected"), sticky);
    const int64_t calls_before = faulty.mutating_calls();
    Result<PushOutcome> r = sync.ApplyPush(Leader(kDevA), f.body);
    if (r.ok()) {
      // n is past the last mutating call: the push is complete.
      CHECK(faulty.mutating_calls() - calls_before < n);
      CHECK(DumpOf(*f.s.store) == expected_dump);
      break;
    }
    ++failures;
    INFO("failing mutating call " << n);
    CHECK(r.status().code() == code);
    CHECK(DumpOf(*f.s.store) == before);
    CHECK(f.s.hlc.last() == hlc_before);  // nothing observed from a failed push
    faulty.Disarm();
    Result<PushOutcome> retry = sync.ApplyPush(Leader(kDevA), f.body);
    REQUIRE(retry.ok());
    CHECK(retry->body == expected.body);
    CHECK(DumpOf(*f.s.store) == expected_dump);
  }
  // Begin, the writes of six changes and the commit all failed once.
  CHECK(failures >= 10);
}

}  // namespace
}  // namespace sotay
