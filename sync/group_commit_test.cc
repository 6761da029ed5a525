// SyncServer::ApplyPushes: several pushes in one transaction, one part each.
#include <catch2/catch.hpp>

#include "core/fault_store.h"
#include "sync/server_apply.h"
#include "sync/sync_test_util.h"

namespace sotay {
namespace {

using namespace synctest;  // NOLINT(google-build-using-namespace)

constexpr const char* kHouse3 = "44444444-4444-4444-8444-444444444444";

struct Pushes {
  std::vector<DeviceScope> who;
  std::vector<Json> bodies;
  std::vector<std::vector<PushItem>> items;
  // The pushes as the server queues them: decoded first (SyncServer::DecodePush).
  std::vector<PushRequest> Requests(const SyncServer& sync) {
    items.clear();
    for (size_t i = 0; i < who.size(); ++i) {
      Result<std::vector<PushItem>> decoded = sync.DecodePush(who[i], bodies[i]);
      REQUIRE(decoded.ok());
      items.push_back(std::move(decoded).value());
    }
    std::vector<PushRequest> r;
    for (size_t i = 0; i < who.size(); ++i) r.push_back({&who[i], &items[i]});
    return r;
  }
};

// Device A writes house 1 (seq 1) and house 3 (seq 2, a second push of the same device
// in the group); device B writes house 2.
Pushes ThreePushes() {
  Pushes p;
  p.who = {Leader(kDevA), Leader(kDevB), Leader(kDevA)};
  p.bodies = {
      Body({PushChange(1, kHouse1, "street", "A", H(kT0, 0, kDevA))}),
      Body({PushChange(1, kHouse2, "street", "B", H(kT0, 0, kDevB)),
            PushChange(2, kHouse2, "tenure", "owned", H(kT0, 1, kDevB))}),
      Body({PushChange(2, kHouse3, "street", "C", H(kT0, 1, kDevA))}),
  };
  return p;
}

bool Has(SqliteStore& store, const std::string& id) {
  Result<std::optional<Record>> r = store.GetRecord(id);
  REQUIRE(r.ok());
  return r->has_value();
}

TEST_CASE("group: a failing push is undone alone, the others commit once", "[sync][push][group]") {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  bool fail_house2 = true;
  SyncServerOptions options;
  options.on_records_changed = [&](Store&, RecordSource&, const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      if (fail_house2 && id == kHouse2) return Status::Error("indicator_error", "lỗi", "failed");
    }
    return Status::Ok();
  };
  SyncServer sync(*store, Schemas(), clock, hlc, MergeOnly(options));
  Pushes p = ThreePushes();
  std::vector<PushRequest> requests = p.Requests(sync);
  // A malformed body is refused before it could join a group.
  Result<std::vector<PushItem>> bad = sync.DecodePush(p.who[1], Json::object());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == "bad_request");

  std::vector<Result<PushOutcome>> first = sync.ApplyPushes(requests);
  REQUIRE(first.size() == 3);
  REQUIRE(first[0].ok());
  CHECK(first[0]->response.results[0].status == "applied");
  CHECK(first[0]->response.acked_through == 1);
  REQUIRE_FALSE(first[1].ok());
  CHECK(first[1].status().code() == "indicator_error");
  REQUIRE(first[2].ok());
  CHECK(first[2]->response.acked_through == 2);  // after push 0 of the same group
  CHECK(Has(*store, kHouse1));
  CHECK_FALSE(Has(*store, kHouse2));  // nothing of the failed push
  CHECK(Has(*store, kHouse3));
  CHECK(*store->MaxDeviceSeq(kDevB) == 0);
  CHECK(*store->MaxDeviceSeq(kDevA) == 2);
  CHECK(*store->LastServerSeq() == 2);

  // The phones retry: the applied pushes are duplicates, the failed one applies now.
  fail_house2 = false;
  std::vector<Result<PushOutcome>> again = sync.ApplyPushes(requests);
  REQUIRE(again[0].ok());
  CHECK(again[0]->response.results[0].status == "duplicate");
  REQUIRE(again[1].ok());
  CHECK(again[1]->response.results[0].status == "applied");
  CHECK(again[1]->response.results[1].status == "applied");
  CHECK(again[1]->response.acked_through == 2);
  REQUIRE(again[2].ok());
  CHECK(again[2]->response.results[0].status == "duplicate");
  CHECK(*store->LastServerSeq() == 4);
  CHECK((*store->GetRecord(kHouse2))->Get("tenure") == "owned");
}

TEST_CASE("group: on_records_reviewed gets each push's reviews; its failure undoes that push",
          "[sync][push][group]") {
  std::unique_ptr<SqliteStore> store = MemStore();
  ManualClock clock{kT0};
  HlcClock hlc{clock, "server"};
  std::vector<std::string> reviewed;
  SyncServerOptions options;
  options.on_records_reviewed = [&](const std::vector<RecordReview>& reviews) {
    for (const RecordReview& r : reviews) {
      if (r.record_id == kHouse2) return Status::Error("review_error", "lỗi", "failed");
      reviewed.push_back(r.record_id);
    }
    return Status::Ok();
  };
  SyncServer sync(*store, Schemas(), clock, hlc, MergeOnly(options));
  Pushes p = ThreePushes();
  std::vector<Result<PushOutcome>> got = sync.ApplyPushes(p.Requests(sync));
  REQUIRE(got.size() == 3);
  CHECK(got[0].ok());
  REQUIRE_FALSE(got[1].ok());
  CHECK(got[1].status().code() == "review_error");
  CHECK(got[2].ok());
  CHECK(reviewed == std::vector<std::string>{kHouse1, kHouse3});
  CHECK(Has(*store, kHouse1));
  CHECK_FALSE(Has(*store, kHouse2));  // nothing of the push whose reviews failed
  CHECK(Has(*store, kHouse3));
}

TEST_CASE("group: a store failure at any write point applies each push wholly or not at all",
          "[sync][push][group][faults]") {
  const std::vector<std::string> houses = {kHouse1, kHouse2, kHouse3};
  for (int64_t n = 1;; ++n) {
    INFO("failing mutating call " << n);
    std::unique_ptr<SqliteStore> base = MemStore();
    FaultInjectingStore store(*base);
    ManualClock clock{kT0};
    HlcClock hlc{clock, "server"};
    SyncServer sync(store, Schemas(), clock, hlc, MergeOnly());
    Pushes p = ThreePushes();
    std::vector<PushRequest> requests = p.Requests(sync);
    store.FailNth(n, Status::Error("store_full", "đầy", "disk full"));
    std::vector<Result<PushOutcome>> got = sync.ApplyPushes(requests);
    const bool failed_any = !got[0].ok() || !got[1].ok() || !got[2].ok();
    for (size_t i = 0; i < 3; ++i) {
      INFO("push " << i);
      if (got[i].ok()) {
        CHECK(Has(*base, houses[i]));
      } else {
        CHECK(got[i].status().code() == "store_full");
        CHECK_FALSE(Has(*base, houses[i]));
      }
    }
    CHECK(*base->MaxDeviceSeq(kDevB) == (got[1].ok() ? 2 : 0));
    store.Disarm();
    // Retried, every push ends applied exactly once.
    std::vector<Result<PushOutcome>> retry = sync.ApplyPushes(requests);
    for (size_t i = 0; i < 3; ++i) {
      INFO("retry of push " << i);
      REQUIRE(retry[i].ok());
      CHECK(retry[i]->response.results[0].status == (got[i].ok() ? "duplicate" : "applied"));
      CHECK(Has(*base, houses[i]));
    }
    CHECK(*base->LastServerSeq() == 4);  // house 1, house 2 (two fields), house 3
    if (!failed_any) break;              // n went past the group's last write
    REQUIRE(n < 200);
  }
}

}  // namespace
}  // namespace sotay
