#include "sync/client.h"

#include "core/fault_store.h"
#include "sync/server_apply.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

struct Phone {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock;
  HlcClock hlc;
  SyncClient client;
  explicit Phone(const std::string& device, int64_t now = kT0, SyncClientOptions options = {})
      : clock(now),
        hlc(clock, device),
        client(*store, hlc, Schemas(), device, std::move(options)) {}

  Record Write(const std::string& id, std::map<std::string, Json> values,
               const std::string& type = "household", const std::string& parent = "") {
    Result<Record> r = client.WriteFields(id, type, "tdp-05", parent, values);
    INFO(r.status().ToString());
    REQUIRE(r.ok());
    return *r;
  }
  std::vector<Change> Outbox() {
    auto o = store->ReadOutbox(1000);
    REQUIRE(o.ok());
    return *o;
  }
  Record Get(const std::string& id) {
    auto r = store->GetRecord(id);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return **r;
  }
};

struct Server {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  SyncServer sync{*store, Schemas(), clock, hlc, MergeOnly()};

  // Pushes everything the phone has and hands the answer back.
  PushSummary Push(Phone& p, bool lose_answer = false) {
    Result<Json> body = p.client.NextPushBody(200);
    REQUIRE(body.ok());
    Result<PushOutcome> out = sync.ApplyPush(Leader(p.client.device_id()), *body);
    REQUIRE(out.ok());
    if (lose_answer) return {};
    Result<PushSummary> s = p.client.ApplyPushResponse(out->body);
    INFO(s.status().ToString());
    REQUIRE(s.ok());
    return *s;
  }
  PullSummary PullAll(Phone& p, int64_t limit = 500) {
    PullSummary total;
    for (bool more = true; more;) {
      Result<int64_t> cursor = p.client.Cursor();
      REQUIRE(cursor.ok());
      Result<Json> page = sync.Pull(Leader(p.client.device_id()), *cursor, limit);
      REQUIRE(page.ok());
      Result<PullSummary> s = p.client.ApplyPullResponse(*page);
      INFO(s.status().ToString());
      REQUIRE(s.ok());
      total.received += s->received;
      total.applied += s->applied;
      total.echoes += s->echoes;
      total.ignored += s->ignored;
      total.cursor = s->cursor;
      more = s->more;
    }
    return total;
  }
};

TEST_CASE("client: a local edit stamps changed fields and queues them", "[sync][client]") {
  Phone p(kDevA);
  Record r = p.Write(kHouse1, {{"street", "Lê Lợi"}, {"tenure", "owned"}, {"notes", nullptr}});
  CHECK(r.Get("street") == "Lê Lợi");
  std::vector<Change> out = p.Outbox();
  REQUIRE(out.size() == 2);  // the null note changed nothing
  CHECK(out[0].device_seq == 1);
  CHECK(out[0].field == "street");
  CHECK(out[0].base_hlc.empty());
  CHECK(out[0].hlc == r.fields["street"].hlc);
  CHECK(out[1].hlc > out[0].hlc);
  CHECK(Hlc::Parse(out[0].hlc)->node == kDevA);
  CHECK(out[0].device_id == kDevA);

  p.clock.Advance(1000);
  Record r2 = p.Write(kHouse1, {{"street", "Trần Phú"}, {"tenure", "owned"}});
  out = p.Outbox();
  REQUIRE(out.size() == 3);  // the unchanged tenure wrote nothing
  CHECK(out[2].field == "street");
  CHECK(out[2].base_hlc == r.fields["street"].hlc);
  CHECK(out[2].hlc == r2.fields["street"].hlc);
  CHECK(p.Get(kHouse1) == r2);
  CHECK(*p.client.PendingCount() == 3);
}

TEST_CASE("client: an invalid edit writes nothing", "[sync][client]") {
  Phone p(kDevA);
  p.Write(kHouse1, {{"street", "Lê Lợi"}});
  const std::string before = DumpOf(*p.store);
  struct Case {
    std::string id, type, group, parent;
    std::map<std::string, Json> values;
    std::string code;
  };
  const std::vector<Case> cases = {
      {kHouse1, "household", "tdp-05", "", {{"street", "x"}, {"tenure", "castle"}}, "not_in_list"},
      {kHouse1, "household", "tdp-05", "", {{"moat", 1}}, "unknown_field"},
      {kHouse1, "household", "tdp-05", "", {{"_deleted", true}}, "unknown_field"},
      {kHouse1, "household", "tdp-05", "", {{"floor_area", "big"}}, "type_mismatch"},
      {kHouse2, "castle", "tdp-05", "", {{"street", "x"}}, "unknown_type"},
      {"not-a-uuid", "household", "tdp-05", "", {{"street", "x"}}, "invalid_id"},
      {kHouse2, "household", "TDP", "", {{"street", "x"}}, "invalid_id"},
      {kPerson1, "person", "tdp-05", "", {{"full_name", "An"}}, "bad_parent"},
      {kHouse2, "household", "tdp-05", kHouse1, {{"street", "x"}}, "bad_parent"},
      {kHouse1, "household", "tdp-06", "", {{"street", "x"}}, "record_mismatch"},
  };
  for (const Case& c : cases) {
    INFO(c.code);
    Result<Record> r = p.client.WriteFields(c.id, c.type, c.group, c.parent, c.values);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == c.code);
  }
  CHECK(DumpOf(*p.store) == before);

  REQUIRE(p.client.DeleteRecord(kHouse1).ok());
  Result<Record> deleted =
      p.client.WriteFields(kHouse1, "household", "tdp-05", "", {{"street", "y"}});
  REQUIRE_FALSE(deleted.ok());
  CHECK(deleted.status().code() == "record_deleted");
  CHECK(p.client.DeleteRecord(kHouse2).code() == "not_found");
}

TEST_CASE("client: deleting is a write of _deleted", "[sync][client]") {
  Phone p(kDevA);
  p.Write(kHouse1, {{"street", "Lê Lợi"}});
  REQUIRE(p.client.DeleteRecord(kHouse1).ok());
  REQUIRE(p.client.DeleteRecord(kHouse1).ok());  // again: nothing more
  std::vector<Change> out = p.Outbox();
  REQUIRE(out.size() == 2);
  CHECK(out[1].field == "_deleted");
  CHECK(out[1].value == true);
  CHECK(p.Get(kHouse1).deleted);
}

TEST_CASE("client: sealed fields leave the phone sealed, the local record keeps plaintext",
          "[sync][client]") {
  SyncClientOptions options;
  options.seal = [](const FieldDef& f, const Json&) -> Result<Json> {
    CHECK(f.sealed);
    // Not real encryption: the test only checks where the hook's output goes.
    return Json{{"sealed", std::string(66, 'A') + "=="}};
  };
  Phone p(kDevA, kT0, options);
  p.Write(kHouse1, {{"phone", "0912345678"}, {"street", "Lê Lợi"}});
  std::vector<Change> out = p.Outbox();
  REQUIRE(out.size() == 2);
  CHECK(out[0].field == "phone");
  CHECK(out[0].value.is_object());
  CHECK(out[1].value == "Lê Lợi");
  CHECK(p.Get(kHouse1).Get("phone") == "0912345678");

  // The server takes the envelope; the echo does not replace the phone's plaintext.
  Server s;
  PushSummary pushed = s.Push(p);
  CHECK(pushed.applied == 2);
  PullSummary pulled = s.PullAll(p);
  CHECK(pulled.echoes == 2);
  CHECK(p.Get(kHouse1).Get("phone") == "0912345678");
}

TEST_CASE("client: push answers empty the outbox and list rejected changes",
          "[sync][client][push]") {
  Phone p(kDevA);
  Server s;
  p.Write(kHouse1, {{"street", "Lê Lợi"}, {"tenure", "owned"}});
  // The phone's forms accept plaintext in a sealed field; the server refuses it.
  p.Write(kHouse1, {{"phone", "0912345678"}});
  p.Write(kHouse2, {{"street", "Hai"}});
  PushSummary sum = s.Push(p);
  CHECK(sum.applied == 3);
  CHECK(sum.rejected == 1);
  CHECK(sum.acked_through == 4);
  CHECK(sum.removed == 4);
  CHECK(*p.client.PendingCount() == 0);
  REQUIRE(sum.rejections.size() == 1);
  const RejectedChange want{
      3, kHouse1, "household", "phone", "0912345678", "not_sealed", sum.rejections[0].message};
  CHECK(sum.rejections[0] == want);
  CHECK_FALSE(want.message.empty());
  Result<std::vector<RejectedChange>> listed = p.client.ListRejected();
  REQUIRE(listed.ok());
  CHECK(*listed == std::vector<RejectedChange>{want});
  CHECK(p.Get(kHouse1).Get("phone") == "0912345678");  // stays as typed
  REQUIRE(p.client.DismissRejected(3).ok());
  CHECK(p.client.ListRejected()->empty());

  // Nothing to push: an empty body, which the server answers with an empty result.
  Result<Json> body = p.client.NextPushBody();
  REQUIRE(body.ok());
  CHECK(*body == Json::parse(R"({"changes": []})"));
  CHECK(s.Push(p).removed == 0);
}

TEST_CASE("client: a lost push answer is retried as duplicates; rejections still surface",
          "[sync][client][push]") {
  Phone p(kDevA);
  Server s;
  // Plaintext in a sealed field: the phone accepts it, the server refuses it.
  p.Write(kHouse1, {{"street", "Lê Lợi"}, {"phone", "0912345678"}});
  s.Push(p, /*lose_answer=*/true);
  CHECK(*p.client.PendingCount() == 2);
  PushSummary retry = s.Push(p);
  CHECK(retry.duplicates == 2);
  CHECK(retry.removed == 2);
  REQUIRE(retry.rejections.size() == 1);
  CHECK(retry.rejections[0].code == "not_sealed");
  CHECK(retry.rejections[0].field == "phone");
  CHECK(p.client.ListRejected()->size() == 1);
  CHECK(*s.store->LastServerSeq() == 1);
}

TEST_CASE("client: acked_through never drops more than the answer mentions",
          "[sync][client][push]") {
  Phone p(kDevA);
  for (int i = 0; i < 5; ++i) p.Write(kHouse1, {{"house_number", std::to_string(i)}});
  Json answer = Json::parse(R"({"acked_through": 1000, "results": [
      {"device_seq": 1, "status": "applied"}, {"device_seq": 2, "status": "conflict"}]})");
  Result<PushSummary> s = p.client.ApplyPushResponse(answer);
  REQUIRE(s.ok());
  CHECK(s->removed == 2);
  CHECK(s->conflicts == 1);
  CHECK(p.Outbox().front().device_seq == 3);

  const std::string before = DumpOf(*p.store);
  for (const char* bad : {R"([])", R"({"results": []})", R"({"acked_through": -1, "results": []})",
                          R"({"acked_through": 1, "results": [{"device_seq": 3}]})",
                          R"({"acked_through": 1, "results": [{"device_seq": 3, "status": "ok"}]})",
                          R"({"acked_through": 1, "results": {}})"}) {
    INFO(bad);
    Result<PushSummary> r = p.client.ApplyPushResponse(Json::parse(bad));
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "bad_response");
  }
  CHECK(DumpOf(*p.store) == before);
}

TEST_CASE("client: pulling merges by HLC, skips echoes and keeps pending edits",
          "[sync][client][pull]") {
  Server s;
  Phone a(kDevA, kT0);
  Phone b(kDevB, kT0 - 60'000);  // B's clock is a minute behind
  a.Write(kHouse1, {{"street", "A"}, {"tenure", "owned"}});
  s.Push(a);
  PullSummary echo = s.PullAll(a);
  CHECK(echo.echoes == 2);
  CHECK(echo.applied == 0);

  PullSummary got = s.PullAll(b);
  CHECK(got.applied == 2);
  CHECK(b.Get(kHouse1) == a.Get(kHouse1));
  // B observed A's HLCs: its next edit is stamped after them despite its slow clock.
  Record edited = b.Write(kHouse1, {{"street", "B"}});
  CHECK(edited.fields["street"].hlc > a.Get(kHouse1).fields["street"].hlc);

  // A edits street again offline, later; B's (older) edit reaches the server first.
  a.clock.Advance(5000);
  Record pending = a.Write(kHouse1, {{"street", "A2"}});
  s.Push(b);
  PullSummary pulled = s.PullAll(a);
  CHECK(pulled.ignored == 1);  // B's street is older than A's pending edit
  CHECK(a.Get(kHouse1) == pending);
  // A pushes: a conflict on the server, A's newer value wins everywhere.
  PushSummary pushed = s.Push(a);
  CHECK(pushed.conflicts == 1);
  s.PullAll(b);
  CHECK(b.Get(kHouse1).Get("street") == "A2");
  CHECK(b.Get(kHouse1) == a.Get(kHouse1));

  // A newer remote value replaces the local one.
  b.clock.Advance(3'600'000);
  b.Write(kHouse1, {{"tenure", "rented"}});
  s.Push(b);
  s.PullAll(a);
  CHECK(a.Get(kHouse1).Get("tenure") == "rented");
  CHECK(a.Get(kHouse1) == b.Get(kHouse1));
}

TEST_CASE("client: a far-ahead remote HLC still moves the phone's clock", "[sync][client]") {
  Server s;
  Phone fast(kDevB, kT0 + 20 * 3'600'000);  // 20 h ahead
  Phone slow(kDevA, kT0 - 20 * 3'600'000);  // 20 h behind: 40 h from the fast one
  s.clock.Set(kT0);
  fast.Write(kHouse1, {{"street", "fast"}});
  s.Push(fast);
  s.PullAll(slow);
  Record r = slow.Write(kHouse1, {{"street", "slow"}});
  CHECK(r.fields["street"].hlc > fast.Get(kHouse1).fields["street"].hlc);
  s.Push(slow);
  s.PullAll(fast);
  CHECK(fast.Get(kHouse1).Get("street") == "slow");
}

TEST_CASE("client: the cursor advances only together with the merged data",
          "[sync][client][pull][fault]") {
  Server s;
  Phone a(kDevA);
  for (int i = 0; i < 4; ++i) {
    a.Write(i % 2 ? kHouse1 : kHouse2, {{"house_number", std::to_string(i)}, {"street", "s"}});
  }
  s.Push(a);
  Result<Json> page = s.sync.Pull(Leader(kDevB), 0, 500);
  REQUIRE(page.ok());

  int64_t failures = 0;
  for (int64_t n = 1;; ++n) {
    auto store = MemStore();
    FaultInjectingStore faulty(*store);
    ManualClock clock(kT0);
    HlcClock hlc(clock, kDevB);
    SyncClient b(faulty, hlc, Schemas(), kDevB);
    const std::string before = DumpOf(*store);
    faulty.FailNth(n, Status::Error("store_io", "lỗi", "injected"));
    Result<PullSummary> r = b.ApplyPullResponse(*page);
    if (r.ok()) {
      CHECK(*b.Cursor() == (*page)["next"].get<int64_t>());
      auto house = store->GetRecord(kHouse1);
      REQUIRE(house.ok());
      REQUIRE(house->has_value());
      CHECK(**house == a.Get(kHouse1));
      break;
    }
    ++failures;
    CHECK(r.status().code() == "store_io");
    CHECK(DumpOf(*store) == before);
    CHECK(*b.Cursor() == 0);
  }
  CHECK(failures >= 4);  // Begin, the records, the clock, the cursor, Commit
}

TEST_CASE("client: a failed local write leaves nothing behind", "[sync][client][fault]") {
  for (int64_t n = 1;; ++n) {
    auto store = MemStore();
    FaultInjectingStore faulty(*store);
    ManualClock clock(kT0);
    HlcClock hlc(clock, kDevA);
    SyncClient a(faulty, hlc, Schemas(), kDevA);
    REQUIRE(a.WriteFields(kHouse1, "household", "tdp-05", "", {{"street", "x"}}).ok());
    const std::string before = DumpOf(*store);
    faulty.FailNth(n, Status::Error("store_full", "đầy", "full"));
    Result<Record> r =
        a.WriteFields(kHouse1, "household", "tdp-05", "", {{"street", "y"}, {"tenure", "owned"}});
    if (r.ok()) break;
    CHECK(r.status().code() == "store_full");
    CHECK(DumpOf(*store) == before);
  }
}

TEST_CASE("client: the clock survives a reload, even when the wall clock went back",
          "[sync][client]") {
  auto store = MemStore();
  std::string last;
  {
    ManualClock clock(kT0 + 3'600'000);
    HlcClock hlc(clock, kDevA);
    SyncClient a(*store, hlc, Schemas(), kDevA);
    Result<Record> r = a.WriteFields(kHouse1, "household", "tdp-05", "", {{"street", "x"}});
    REQUIRE(r.ok());
    last = r->fields["street"].hlc;
  }
  ManualClock clock(kT0);  // an hour earlier: the phone's clock was reset
  HlcClock hlc(clock, kDevA);
  SyncClient a(*store, hlc, Schemas(), kDevA);
  Result<Record> r = a.WriteFields(kHouse1, "household", "tdp-05", "", {{"street", "y"}});
  REQUIRE(r.ok());
  CHECK(r->fields["street"].hlc > last);
  CHECK(r->fields["street"].hlc.substr(0, 13) == last.substr(0, 13));
}

TEST_CASE("client: pull query, cursor reset and malformed pull answers", "[sync][client][pull]") {
  Phone p(kDevA);
  CHECK(*p.client.PullQuery() == "since=0&limit=500");
  CHECK(*p.client.PullQuery(50000) == "since=0&limit=5000");
  Result<PullSummary> s =
      p.client.ApplyPullResponse(Json::parse(R"({"changes": [], "next": 17, "more": false})"));
  REQUIRE(s.ok());
  CHECK(*p.client.PullQuery(20) == "since=17&limit=20");
  const std::string before = DumpOf(*p.store);
  for (const char* bad :
       {R"({"changes": [], "next": 3, "more": false})", R"({"changes": [], "next": 20})",
        R"({"changes": {}, "next": 20, "more": false})",
        R"({"changes": [{"server_seq": 18}], "next": 20, "more": false})"}) {
    INFO(bad);
    Result<PullSummary> r = p.client.ApplyPullResponse(Json::parse(bad));
    REQUIRE_FALSE(r.ok());
  }
  Json bad_hlc = Json::parse(R"({"changes": [{"server_seq": 18, "record_id": ")" +
                             std::string(kHouse1) + R"(", "record_type": "household",
      "group_id": "tdp-05", "parent_id": null, "field": "street", "value": "x", "hlc": "soon"}],
      "next": 18, "more": false})");
  CHECK(p.client.ApplyPullResponse(bad_hlc).status().code() == "bad_response");
  CHECK(DumpOf(*p.store) == before);
  REQUIRE(p.client.ResetCursor().ok());
  CHECK(*p.client.Cursor() == 0);
}

}  // namespace
}  // namespace sotay
