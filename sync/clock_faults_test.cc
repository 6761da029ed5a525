// Clock faults, written out step by step (the random property in convergence_test.cc
// covers skews within ±23 h and small set-backs): phones whose clocks are a whole day
// behind or ahead of the server, and a phone whose clock jumps back a day in the middle
// of its work. Every replica must end with the server's values, each phone's HLCs must
// rise with its device_seq, and a write made after seeing another must win over it
// however wrong the writer's clock is.
#include <map>

#include "sync/client.h"
#include "sync/server_apply.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

constexpr int64_t kDay = 24 * 3'600'000;

struct Phone {
  std::string device;
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock;
  HlcClock hlc;
  SyncClient client;
  std::map<int64_t, std::string> stamped;  // device_seq -> HLC of every local write

  Phone(std::string id, int64_t now_ms)
      : device(std::move(id)),
        clock(now_ms),
        hlc(clock, device),
        client(*store, hlc, Schemas(), device) {}

  void Write(const std::string& field, const Json& value) {
    REQUIRE(client.WriteFields(kHouse1, "household", "tdp-05", "", {{field, value}}).ok());
    Result<std::vector<Change>> out = store->ReadOutbox(1000);
    REQUIRE(out.ok());
    for (const Change& c : *out) stamped.emplace(c.device_seq, c.hlc);
  }

  Json Value(const std::string& field) {
    Result<std::optional<Record>> r = store->GetRecord(kHouse1);
    REQUIRE(r.ok());
    if (!r->has_value() || (*r)->fields.count(field) == 0) return nullptr;
    return (*r)->fields.at(field).value;
  }
};

struct World {
  ManualClock server_clock{kT0};
  HlcClock server_hlc{server_clock, "server"};
  std::unique_ptr<SqliteStore> server_store = MemStore();
  SyncServer server{*server_store, Schemas(), server_clock, server_hlc};

  void Push(Phone& p) {
    while (*p.client.PendingCount() > 0) {
      Result<Json> body = p.client.NextPushBody(50);
      REQUIRE(body.ok());
      Result<PushOutcome> out = server.ApplyPush(Leader(p.device), *body);
      REQUIRE(out.ok());
      CHECK(out->rejected == 0);
      REQUIRE(p.client.ApplyPushResponse(out->body).ok());
    }
  }

  void Pull(Phone& p) {
    for (bool more = true; more;) {
      Result<int64_t> cursor = p.client.Cursor();
      REQUIRE(cursor.ok());
      Result<Json> page = server.Pull(Leader(p.device), *cursor, 3);
      REQUIRE(page.ok());
      Result<PullSummary> s = p.client.ApplyPullResponse(*page);
      REQUIRE(s.ok());
      more = s->more;
    }
  }

  void Sync(Phone& p) {
    Push(p);
    Pull(p);
  }

  // Time passes for everyone alike.
  void Advance(std::vector<Phone*> phones, int64_t ms) {
    server_clock.Advance(ms);
    for (Phone* p : phones) p->clock.Advance(ms);
  }

  Json ServerValue(const std::string& field) {
    Result<std::optional<Record>> r = server_store->GetRecord(kHouse1);
    REQUIRE(r.ok());
    REQUIRE(r->has_value());
    return (*r)->fields.at(field).value;
  }
};

void CheckMonotonic(const Phone& p) {
  INFO("phone " << p.device);
  REQUIRE(!p.stamped.empty());
  std::string prev;
  for (const auto& [seq, hlc] : p.stamped) {
    INFO("device_seq " << seq << " " << hlc);
    CHECK(hlc > prev);
    Result<Hlc> h = Hlc::Parse(hlc);
    REQUIRE(h.ok());
    CHECK(h->node == p.device);
    prev = hlc;
  }
}

TEST_CASE("clock faults: a day behind, a day ahead and a jump back a day all converge",
          "[sync][clock][convergence]") {
  World w;
  Phone behind("aaaaaaaa-0000-4000-8000-00000000000a", kT0 - kDay);
  Phone exact("bbbbbbbb-0000-4000-8000-00000000000b", kT0);
  Phone ahead("cccccccc-0000-4000-8000-00000000000c", kT0 + kDay);  // the limit: accepted
  Phone jumper("dddddddd-0000-4000-8000-00000000000d", kT0);
  std::vector<Phone*> all = {&behind, &exact, &ahead, &jumper};

  // Everyone writes the same field without seeing the others: the highest HLC, the
  // phone a day ahead, wins everywhere; the others' values are conflicts, not lost.
  behind.Write("street", "behind-1");
  exact.Write("street", "exact-1");
  ahead.Write("street", "ahead-1");
  jumper.Write("street", "jumper-1");
  for (Phone* p : all) w.Push(*p);
  for (Phone* p : all) w.Pull(*p);
  CHECK(w.ServerValue("street") == "ahead-1");
  Result<std::vector<Conflict>> conflicts = w.server_store->ListConflicts({});
  REQUIRE(conflicts.ok());
  CHECK(conflicts->size() >= 3);
  w.Advance(all, 60'000);

  // The phone a day behind has now seen "ahead-1": its next write is stamped after it
  // and wins, although its wall clock is two days earlier.
  behind.Write("street", "behind-2");
  w.Sync(behind);
  CHECK(w.ServerValue("street") == "behind-2");

  // A clock set back a day in the middle of work: the phone's stamps still rise, so
  // its newer write of the same field replaces its own older one.
  jumper.Write("tenure", "owned");
  w.Sync(jumper);
  jumper.clock.Advance(-kDay);
  jumper.Write("tenure", "rented");
  jumper.Write("street", "jumper-2");
  w.Sync(jumper);
  CHECK(w.ServerValue("tenure") == "rented");
  CHECK(w.ServerValue("street") == "jumper-2");

  // The phone a day ahead writes another field; time moves on; the correct phone
  // edits after pulling.
  ahead.Write("house_number", "12A");
  w.Sync(ahead);
  w.Advance(all, 5'000);
  w.Pull(exact);
  exact.Write("house_number", "12B");
  w.Sync(exact);
  CHECK(w.ServerValue("house_number") == "12B");

  // Quiesce: everyone pushes what is left, then pulls everything.
  for (Phone* p : all) w.Push(*p);
  for (Phone* p : all) w.Pull(*p);
  Result<std::optional<Record>> truth = w.server_store->GetRecord(kHouse1);
  REQUIRE(truth.ok());
  REQUIRE(truth->has_value());
  for (Phone* p : all) {
    INFO("phone " << p->device);
    Result<std::optional<Record>> mine = p->store->GetRecord(kHouse1);
    REQUIRE(mine.ok());
    REQUIRE(mine->has_value());
    CHECK((*mine)->fields == (*truth)->fields);
    CHECK(*p->client.PendingCount() == 0);
    CHECK(p->Value("street") == "jumper-2");
    CHECK(p->Value("tenure") == "rented");
    CHECK(p->Value("house_number") == "12B");
    CheckMonotonic(*p);
  }
  // The server's own clock never took a step past the 24 h limit.
  CHECK(w.server_hlc.last().wall_ms <= kT0 + kDay + 65'000);
}

TEST_CASE(
    "clock faults: a change stamped more than a day ahead is refused with hlc_future "
    "and not observed",
    "[sync][clock]") {
  World w;
  Phone wrong("eeeeeeee-0000-4000-8000-00000000000e", kT0 + kDay + 60'000);
  wrong.Write("street", "from the future");
  Result<Json> body = wrong.client.NextPushBody(50);
  REQUIRE(body.ok());
  const Hlc server_before = w.server_hlc.last();
  Result<PushOutcome> out = w.server.ApplyPush(Leader(wrong.device), *body);
  REQUIRE(out.ok());
  CHECK(out->rejected == 1);
  REQUIRE(out->response.results.size() == 1);
  CHECK(out->response.results[0].status == "rejected");
  CHECK(out->response.results[0].code == "hlc_future");
  CHECK(w.server_hlc.last() == server_before);  // the bad stamp was not observed
  CHECK(w.server_store->GetRecord(kHouse1)->has_value() == false);
  Result<PushSummary> s = wrong.client.ApplyPushResponse(out->body);
  REQUIRE(s.ok());
  REQUIRE(s->rejections.size() == 1);
  CHECK(s->rejections[0].code == "hlc_future");
}

}  // namespace
}  // namespace sotay
