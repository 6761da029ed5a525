// ClientApp push/pull rounds through a real SyncServer (no HTTP: the bodies the browser
// would send and receive are handed over directly).
#include <catch2/catch.hpp>

#include "core/crypto.h"
#include "core/ids.h"
#include "core/sqlite_store.h"
#include "sync/push_checks.h"
#include "sync/server_apply.h"
#include "wasm-client/app/client_app.h"
#include "wasm-client/app/client_test_util.h"

namespace sotay {
namespace {

using namespace clienttest;  // NOLINT(google-build-using-namespace)

std::unique_ptr<SqliteStore> ServerStore() {
  auto s = SqliteStore::Open({.path = ":memory:"});
  REQUIRE(s.ok());
  return std::move(s).value();
}

SchemaSet ServerSchemas() {
  auto s = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
  REQUIRE(s.ok());
  return std::move(s).value();
}

struct Server {
  std::unique_ptr<SqliteStore> store = ServerStore();
  SchemaSet schemas = ServerSchemas();
  ManualClock clock{kJune2026};
  HlcClock hlc{clock, "server"};
  SyncServer sync{*store, schemas, clock, hlc};

  static DeviceScope Scope(ClientApp& app) {
    return DeviceScope{app.Enrollment()["device_id"].get<std::string>(), "leader", {"tdp-05"}};
  }

  // Pushes until the outbox is empty; returns the last answer's summary.
  Json PushAll(ClientApp& app) {
    Json last;
    for (int round = 0; round < 20; ++round) {
      Result<Json> body = app.NextPushBody(50);
      REQUIRE(body.ok());
      if ((*body)["changes"].empty()) break;
      Result<PushOutcome> out = sync.ApplyPush(Scope(app), *body);
      REQUIRE(out.ok());
      Result<Json> applied = app.ApplyPushResponse(out->body);
      INFO(applied.status().ToString());
      REQUIRE(applied.ok());
      last = *applied;
    }
    return last;
  }

  int64_t PullAll(ClientApp& app) {
    int64_t received = 0;
    for (int round = 0; round < 50; ++round) {
      Result<std::string> query = app.PullQuery(7);
      REQUIRE(query.ok());
      // "since=<cursor>&limit=<n>"
      int64_t since = std::stoll(query->substr(6, query->find('&') - 6));
      Result<Json> page = sync.Pull(Scope(app), since, 7);
      REQUIRE(page.ok());
      Result<Json> applied = app.ApplyPullResponse(*page);
      INFO(applied.status().ToString());
      REQUIRE(applied.ok());
      received += (*applied)["received"].get<int64_t>();
      if (!(*applied)["more"].get<bool>()) break;
    }
    return received;
  }
};

// A phone revoked with changes not yet sent, enrolled again under a new device id: the
// server takes its changes only with that id's HLCs and counts its seqs from 1.
TEST_CASE("A phone enrolled again sends what it had not sent", "[client][sync]") {
  Server server;
  ManualClock clock(kJune2026);
  Office office;
  auto a = EnrolledApp(":memory:", clock, office);
  AddHousehold(*a, "Ngõ Hòa Bình", "12", "Nguyễn Văn Đức");
  server.PushAll(*a);  // the old device's seqs 1..n are on the server
  REQUIRE(*a->PendingCount() == 0);
  clock.Advance(1000);
  std::string later = AddHousehold(*a, "Phố Lạch Tray", "3", "Trần Thị Hoa");
  const int64_t unsent = *a->PendingCount();
  REQUIRE(unsent > 10);

  REQUIRE(a->EnrollRequest("http://127.0.0.1:8080", "NEW", "Máy tổ 5", true).ok());
  const std::string device = NewUuid();
  Json answer = {{"device_id", device},
                 {"role", "leader"},
                 {"groups", {"tdp-05"}},
                 {"office_public_key", crypto::Base64Encode(office.keys.public_key)}};
  REQUIRE(a->CompleteEnrollment(answer).ok());
  Result<std::vector<Change>> outbox = a->store().ReadOutbox(1000);
  REQUIRE(outbox.ok());
  REQUIRE(static_cast<int64_t>(outbox->size()) == unsent);
  CHECK(outbox->front().device_seq == 1);
  for (const Change& c : *outbox) CHECK(HlcNode(c.hlc) == device);
  // The record's fields carry the new stamps, so the server's echoes are recognised.
  Result<std::optional<Record>> rec = a->store().GetRecord(later);
  REQUIRE(rec.ok());
  REQUIRE(rec->has_value());
  CHECK(HlcNode((**rec).fields.at("address_street").hlc) == device);

  Json pushed = server.PushAll(*a);
  CHECK(pushed["rejected"].empty());
  CHECK(*a->PendingCount() == 0);
  CHECK(a->Rejected()->empty());
  // Written after enrolling again: stamped by the new device too, and accepted.
  REQUIRE(a->Save("household", later, "tdp-05", "", {{"floor_area_m2", 50}}).ok());
  pushed = server.PushAll(*a);
  CHECK(pushed["rejected"].empty());
  CHECK(*a->PendingCount() == 0);

  auto b = EnrolledApp(":memory:", clock, office);
  server.PullAll(*b);
  CHECK(b->ListHouseholds("")->size() == 2);
  CHECK((*b->GetRecord(later))["values"]["floor_area_m2"] == 50);
  server.PullAll(*a);
  CHECK(a->ListHouseholds("")->size() == 2);
  CHECK(*a->PendingCount() == 0);
}

TEST_CASE("A first download counts households and leaves the list incomplete until its end",
          "[client][sync]") {
  Server server;
  ManualClock clock(kJune2026);
  Office office;
  auto a = EnrolledApp(":memory:", clock, office);
  for (const char* n : {"1", "2", "3"}) AddHousehold(*a, "Ngõ Hòa Bình", n, "Nguyễn Văn Đức");
  server.PushAll(*a);
  auto b = EnrolledApp(":memory:", clock, office);
  CHECK(*b->ListComplete() == false);  // enrolled, nothing pulled yet

  int64_t households = 0, pages = 0;
  for (;; ++pages) {
    REQUIRE(pages < 50);
    Result<std::string> query = b->PullQuery(7);
    REQUIRE(query.ok());
    int64_t since = std::stoll(query->substr(6, query->find('&') - 6));
    Result<Json> page = server.sync.Pull(Server::Scope(*b), since, 7);
    REQUIRE(page.ok());
    if (since == 0) (*page)["households_total"] = 3;  // as the HTTP route adds it
    Result<Json> applied = b->ApplyPullResponse(*page);
    REQUIRE(applied.ok());
    CHECK((*applied)["households_total"] == (since == 0 ? Json(3) : Json(nullptr)));
    households += (*applied)["households"].get<int64_t>();
    if (!(*applied)["more"].get<bool>()) break;
    CHECK(*b->ListComplete() == false);  // an interrupted download stays incomplete
  }
  CHECK(pages > 1);
  CHECK(households == 3);
  CHECK(*b->ListComplete() == true);
  // Starting the pull over (the server's log was restored) makes it incomplete again.
  REQUIRE(b->ResetCursor().ok());
  CHECK(*b->ListComplete() == false);
  server.PullAll(*b);
  CHECK(*b->ListComplete() == true);
}

TEST_CASE("Two phones sync through the server", "[client][sync]") {
  Server server;
  ManualClock clock(kJune2026);
  Office office;
  auto a = EnrolledApp(":memory:", clock, office);
  auto b = EnrolledApp(":memory:", clock, office);

  std::string house = AddHousehold(*a, "Ngõ Hòa Bình", "12", "Nguyễn Văn Đức");
  Json values = HouseholdValues("Ngõ Hòa Bình", "12");
  values["phone"] = "0912345678";
  REQUIRE(a->Save("household", house, "tdp-05", "", values).ok());
  REQUIRE(*a->PendingCount() > 0);
  // Dozens of field changes, but one household waits (its head's changes count for it).
  CHECK(*a->PendingCount() > 10);
  CHECK(*a->PendingHouseholdCount() == 1);
  std::string other = AddHousehold(*a, "Phố Lạch Tray", "3", "Trần Thị Hoa");
  CHECK(*a->PendingHouseholdCount() == 2);
  Json pushed = server.PushAll(*a);
  CHECK(pushed["pending"] == 0);
  CHECK(pushed["conflicts"].empty());
  CHECK(pushed["rejected"].empty());
  CHECK(*a->PendingCount() == 0);
  CHECK(*a->PendingHouseholdCount() == 0);
  // An edit of one member afterwards marks only that member's household.
  Result<Json> kids = a->Children(other, "person");
  REQUIRE(kids.ok());
  REQUIRE(kids->size() == 1);
  REQUIRE(a->Save("person", (*kids)[0]["id"].get<std::string>(), "", other,
                  {{"full_name", "Trần Thị Hoa Mai"}})
              .ok());
  CHECK(*a->PendingHouseholdCount() == 1);
  server.PushAll(*a);
  CHECK((*a->GetRecord(house))["pending"] == false);

  CHECK(server.PullAll(*b) > 10);
  Result<Json> hits = b->ListHouseholds("hoa binh");
  REQUIRE(hits.ok());
  REQUIRE(hits->size() == 1);
  CHECK((*hits)[0]["head_name"] == "Nguyễn Văn Đức");
  CHECK((*hits)[0]["pending"] == false);
  // A pull refreshes B's cached list.
  std::string head = (*a->Children(house, "person"))[0]["id"].get<std::string>();
  Json rename = {{"full_name", "Nguyễn Văn Đông"}};
  REQUIRE(a->Save("person", head, "", house, rename).ok());
  server.PushAll(*a);
  server.PullAll(*b);
  CHECK(b->ListHouseholds("van dong")->size() == 1);
  CHECK(b->ListHouseholds("van duc")->empty());
  // B sees the sealed phone only as its envelope.
  CHECK((*b->GetRecord(house))["values"]["phone"].contains("sealed"));

  SECTION("the same field edited on both phones is a conflict, kept until dismissed") {
    Json edit_a = {{"floor_area_m2", 70}};
    Json edit_b = {{"floor_area_m2", 80}};
    REQUIRE(a->Save("household", house, "tdp-05", "", edit_a).ok());
    clock.Advance(1000);
    REQUIRE(b->Save("household", house, "tdp-05", "", edit_b).ok());
    server.PushAll(*a);
    Json answer = server.PushAll(*b);
    REQUIRE(answer["conflicts"].size() == 1);
    CHECK(answer["conflicts"][0]["record_id"] == house);
    CHECK(answer["conflicts"][0]["field"] == "floor_area_m2");
    CHECK(answer["conflicts"][0]["mine"] == 80);
    CHECK(answer["conflicts"][0]["record_type"] == "household");
    // The other phone's value comes with the answer (its name only through the HTTP
    // route, which knows the enrolled devices: server/api/api_test.cc).
    CHECK(answer["conflicts"][0]["other"] == 70);
    CHECK(answer["conflicts"][0]["other_writer"].is_null());

    server.PullAll(*a);
    CHECK((*a->GetRecord(house))["values"]["floor_area_m2"] == 80);  // the later write won
    Result<Json> kept = b->Conflicts();
    REQUIRE(kept.ok());
    REQUIRE(kept->size() == 1);
    CHECK((*kept)[0]["current"] == 80);
    CHECK((*kept)[0]["other"] == 70);  // kept with the conflict, for the sync screen
    REQUIRE(b->DismissConflict(house, "floor_area_m2").ok());
    CHECK(b->Conflicts()->empty());
  }

  SECTION("a change the server refuses is listed as rejected") {
    // A phone whose schemas allow a field the server does not know: the server's
    // verdict stands, the phone keeps its value and lists the rejection.
    Json body = SchemasBody();
    for (Json& form : body["schemas"]) {
      if (form["record_type"] != "household") continue;
      Json extra = form["fields"][1];
      extra["name"] = "extra_note";
      extra.erase("max_length");
      form["fields"].push_back(extra);
    }
    REQUIRE(a->SetSchemas(body).ok());
    Json edit = {{"extra_note", "x"}};
    REQUIRE(a->Save("household", house, "tdp-05", "", edit).ok());
    Json answer = server.PushAll(*a);
    REQUIRE(answer["rejected"].size() == 1);
    CHECK(answer["rejected"][0]["code"] == "unknown_field");
    CHECK(*a->PendingCount() == 0);
    Result<Json> rejected = a->Rejected();
    REQUIRE(rejected.ok());
    REQUIRE(rejected->size() == 1);
    REQUIRE(a->DismissRejected((*rejected)[0]["device_seq"].get<int64_t>()).ok());
    CHECK(a->Rejected()->empty());
  }
}

}  // namespace
}  // namespace sotay
