// Property test: replicas that edit, push and pull in random interleavings, with lost
// answers, stale retries and skewed clocks, end identical to the server and to each
// other once everyone has synced, with every change applied once and no value lost
// without a conflict entry.
#include <map>
#include <random>
#include <set>

#include "sync/client.h"
#include "sync/server_apply.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

constexpr int64_t kHour = 3'600'000;

const std::vector<std::string> kRecords = {kHouse1, kHouse2,
                                           "44444444-4444-4444-8444-444444444444"};
const std::vector<std::string> kFields = {"street", "house_number", "tenure", "floor_area"};

std::string Key(const std::string& record, const std::string& field, const std::string& hlc) {
  return record + "|" + field + "|" + hlc;
}

struct Replica {
  std::string device;
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock;
  HlcClock hlc;
  SyncClient client;
  int64_t skew;
  int64_t last_seq = 0;  // device_seq of the newest local change
  Json last_body;        // the last push body sent (for stale retries)
  // Every version that was the current local value of a field at some point, with the
  // step it was first seen: what later writes of this replica "had seen".
  std::map<std::string, int64_t> seen;

  Replica(std::string id, int64_t now, int64_t skew_ms)
      : device(std::move(id)),
        clock(now + skew_ms),
        hlc(clock, device),
        client(*store, hlc, Schemas(), device),
        skew(skew_ms) {}

  std::map<std::string, Record> Records() {
    std::map<std::string, Record> out;
    RecordQuery q;
    q.include_deleted = true;
    REQUIRE(store
                ->ForEachRecord(q,
                                [&](const Record& r) {
                                  out[r.id] = r;
                                  return true;
                                })
                .ok());
    return out;
  }
  void NoteSeen(int64_t step) {
    for (const auto& [id, r] : Records()) {
      for (const auto& [field, fv] : r.fields) seen.emplace(Key(id, field, fv.hlc), step);
    }
  }
};

struct Write {
  std::string record, field, hlc;
  size_t replica;
  int64_t step;
};

struct Sim {
  std::mt19937 rng;
  ManualClock server_clock{kT0};
  HlcClock server_hlc{server_clock, "server"};
  std::unique_ptr<SqliteStore> server_store = MemStore();
  SyncServer server{*server_store, Schemas(), server_clock, server_hlc};
  std::vector<std::unique_ptr<Replica>> replicas;
  std::vector<Write> writes;
  std::map<std::pair<std::string, int64_t>, int> accepted;  // (device, seq) -> times
  int64_t step = 0;

  explicit Sim(uint32_t seed) : rng(seed) {
    const size_t n = 3 + rng() % 2;
    for (size_t i = 0; i < n; ++i) {
      char id[64];
      std::snprintf(id, sizeof id, "%08zx-0000-4000-8000-%012x", i + 1, seed);
      // Skews up to ±23 h: within the server's 24 h future limit, so nothing is
      // rejected and every replica must converge.
      int64_t skew = i == 0 ? 0 : static_cast<int64_t>(rng() % (46 * 60)) * 60'000 - 23 * kHour;
      replicas.push_back(std::make_unique<Replica>(id, kT0, skew));
    }
  }

  size_t Pick(size_t n) { return static_cast<size_t>(rng() % n); }
  bool Chance(int percent) { return static_cast<int>(rng() % 100) < percent; }

  Json RandomValue(const std::string& field) {
    if (field == "tenure") return std::vector<std::string>{"owned", "rented", "other"}[Pick(3)];
    if (field == "floor_area") return static_cast<int64_t>(10 + Pick(5));
    return "v" + std::to_string(Pick(4));
  }

  void Edit(Replica& r, size_t index) {
    const std::string& record = kRecords[Pick(kRecords.size())];
    if (Chance(2)) {
      Status s = r.client.DeleteRecord(record);
      REQUIRE((s.ok() || s.code() == "not_found"));
    } else {
      std::map<std::string, Json> values;
      for (size_t k = 0, n = 1 + Pick(2); k < n; ++k) {
        const std::string& f = kFields[Pick(kFields.size())];
        values[f] = RandomValue(f);
      }
      Result<Record> w = r.client.WriteFields(record, "household", "tdp-05", "", values);
      if (!w.ok()) {
        REQUIRE(w.status().code() == "record_deleted");
        return;
      }
    }
    auto out = r.store->ReadOutbox(1'000'000);
    REQUIRE(out.ok());
    for (const Change& c : *out) {
      if (c.device_seq <= r.last_seq) continue;
      writes.push_back(Write{c.record_id, c.field, c.hlc, index, step});
      r.last_seq = c.device_seq;
    }
  }

  // Sends `body` from `r`; applies the answer unless it is "lost".
  void Send(Replica& r, const Json& body, bool lose) {
    Result<PushOutcome> out = server.ApplyPush(Leader(r.device), body);
    REQUIRE(out.ok());
    REQUIRE(out->rejected == 0);
    for (const PushResult& res : out->response.results) {
      if (res.status != "duplicate") ++accepted[{r.device, res.device_seq}];
    }
    if (lose) return;
    Result<PushSummary> s = r.client.ApplyPushResponse(out->body);
    REQUIRE(s.ok());
    REQUIRE(s->rejections.empty());
  }

  void Push(Replica& r, bool may_lose) {
    Result<Json> body = r.client.NextPushBody(1 + Pick(6));
    REQUIRE(body.ok());
    r.last_body = *body;
    Send(r, *body, may_lose && Chance(20));
  }

  // One page; returns whether more remain and whether anything changed locally.
  std::pair<bool, bool> PullPage(Replica& r, int64_t limit, bool may_lose) {
    Result<std::string> query = r.client.PullQuery(limit);
    REQUIRE(query.ok());
    Result<int64_t> cursor = r.client.Cursor();
    REQUIRE(cursor.ok());
    Result<Json> page = server.Pull(Leader(r.device), *cursor, limit);
    REQUIRE(page.ok());
    if (may_lose && Chance(10)) return {true, false};
    Result<PullSummary> s = r.client.ApplyPullResponse(*page);
    REQUIRE(s.ok());
    return {s->more, s->applied > 0};
  }

  void AdvanceTime() {
    int64_t delta = static_cast<int64_t>(Pick(3000));
    server_clock.Advance(delta);
    for (auto& r : replicas) {
      r->clock.Advance(delta);
      // Now and then a phone's clock is set back a little.
      if (Chance(3)) r->clock.Advance(-static_cast<int64_t>(Pick(10'000)));
    }
  }

  void RunRandom(int steps) {
    for (int i = 0; i < steps; ++i, ++step) {
      size_t index = Pick(replicas.size());
      Replica& r = *replicas[index];
      int action = static_cast<int>(Pick(100));
      if (action < 45) {
        Edit(r, index);
      } else if (action < 65) {
        Push(r, /*may_lose=*/true);
      } else if (action < 72) {
        if (!r.last_body.is_null()) Send(r, r.last_body, Chance(50));  // a stale retry
      } else if (action < 92) {
        PullPage(r, 1 + static_cast<int64_t>(Pick(5)), /*may_lose=*/true);
      } else {
        AdvanceTime();
      }
      r.NoteSeen(step);
    }
  }

  void Quiesce() {
    for (int round = 0;; ++round) {
      REQUIRE(round < 10);
      for (auto& r : replicas) {
        while (*r->client.PendingCount() > 0) Push(*r, /*may_lose=*/false);
        r->NoteSeen(step++);
      }
      bool changed = false;
      for (auto& r : replicas) {
        for (bool more = true; more;) {
          auto [m, c] = PullPage(*r, 1 + static_cast<int64_t>(Pick(7)), /*may_lose=*/false);
          more = m;
          changed = changed || c;
        }
        r->NoteSeen(step++);
      }
      if (!changed) break;
    }
  }

  std::map<std::string, Record> ServerRecords() {
    std::map<std::string, Record> out;
    RecordQuery q;
    q.include_deleted = true;
    REQUIRE(server_store
                ->ForEachRecord(q,
                                [&](const Record& r) {
                                  out[r.id] = r;
                                  return true;
                                })
                .ok());
    return out;
  }

  void CheckConverged() {
    const std::map<std::string, Record> truth = ServerRecords();
    for (auto& r : replicas) CHECK(r->Records() == truth);

    // Every change was applied exactly once and is acknowledged.
    int64_t total = 0;
    for (auto& r : replicas) {
      for (int64_t seq = 1; seq <= r->last_seq; ++seq) {
        INFO(r->device << " seq " << seq);
        CHECK(accepted[{r->device, seq}] == 1);
      }
      total += r->last_seq;
      CHECK(*server_store->MaxDeviceSeq(r->device) == r->last_seq);
      auto acked = server_store->GetMeta(AckedThroughMetaKey(r->device));
      REQUIRE(acked.ok());
      CHECK(acked->value_or("0") == std::to_string(r->last_seq));
      CHECK(*r->client.PendingCount() == 0);
    }
    CHECK(static_cast<int64_t>(accepted.size()) == total);

    // The log holds every current field exactly once.
    Result<ChangePage> log = server_store->ReadChanges(0, 1'000'000, {});
    REQUIRE(log.ok());
    std::set<std::pair<std::string, std::string>> logged;
    for (const Change& c : log->changes) {
      CHECK(logged.insert({c.record_id, c.field}).second);
      auto it = truth.find(c.record_id);
      REQUIRE(it != truth.end());
      CHECK(it->second.fields.at(c.field) == FieldValue{c.value, c.hlc});
    }
    size_t fields = 0;
    for (const auto& [id, rec] : truth) fields += rec.fields.size();
    CHECK(logged.size() == fields);
  }

  // No value was lost silently: a version that is not the final one was either seen by
  // a later write of the same field (which chose to replace it) or is the losing side
  // of a conflict entry the office can review.
  int64_t CheckNoSilentLoss() {
    const std::map<std::string, Record> truth = ServerRecords();
    auto conflicts = server_store->ListConflicts({});
    REQUIRE(conflicts.ok());
    std::set<std::string> losing;
    for (const Conflict& c : *conflicts) losing.insert(Key(c.record_id, c.field, c.losing.hlc));
    for (const Write& w : writes) {
      const std::string& final_hlc = truth.at(w.record).fields.at(w.field).hlc;
      if (w.hlc == final_hlc) continue;
      const std::string key = Key(w.record, w.field, w.hlc);
      bool superseded_knowingly = false;
      for (const Write& later : writes) {
        if (later.record != w.record || later.field != w.field) continue;
        const auto& seen = replicas[later.replica]->seen;
        auto it = seen.find(key);
        if (it != seen.end() && it->second < later.step) {
          superseded_knowingly = true;
          break;
        }
      }
      INFO("write " << key << " by replica " << w.replica);
      CHECK((superseded_knowingly || losing.count(key) == 1));
    }
    return static_cast<int64_t>(conflicts->size());
  }
};

TEST_CASE("convergence: random edits, pushes and pulls converge (property)",
          "[sync][convergence]") {
#ifdef __EMSCRIPTEN__
  const uint32_t kSeeds = 40;  // the same code path; keeps the wasm run short
#else
  const uint32_t kSeeds = 300;
#endif
  int64_t conflicts = 0;
  for (uint32_t seed = 1; seed <= kSeeds; ++seed) {
    INFO("seed " << seed);
    Sim sim(seed);
    sim.RunRandom(80);
    sim.Quiesce();
    sim.CheckConverged();
    conflicts += sim.CheckNoSilentLoss();
  }
  // Concurrent same-field edits are the point of the test: they must have happened.
  CHECK(conflicts > kSeeds);
}

}  // namespace
}  // namespace sotay
