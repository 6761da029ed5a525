// Training sessions through the API (in process): trainees sync against their session's
// sandbox file, never the production ward; every production route refuses a trainee
// token and the trainee routes refuse production tokens; progress, injected conflicts,
// reset and the audited attendance write.
#include <filesystem>
#include <set>

#include "core/sqlite_store.h"
#include "server/api/api_routes.h"
#include "server/store/data_hash.h"
#include "server/testing/api_test_util.h"

namespace sotay {

using namespace testing;

namespace {

std::string Hash(const std::string& db) {
  Result<DataHash> h = HashWardData(db);
  REQUIRE(h.ok());
  return h->hex;
}

// A record as stored in `db` (read-only), or nullopt.
std::optional<Record> ReadRecord(const std::string& db, const std::string& id) {
  Result<std::unique_ptr<SqliteStore>> store = SqliteStore::Open({.path = db, .read_only = true});
  REQUIRE(store.ok());
  Result<std::optional<Record>> r = (*store)->GetRecord(id);
  REQUIRE(r.ok());
  return *r;
}

// The only sandbox file of the ward's training folder.
std::string SandboxFile(const std::string& db_path) {
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(db_path + ".training")) {
    if (e.path().extension() == ".db") files.push_back(e.path().string());
  }
  REQUIRE(files.size() == 1);
  return files[0];
}

struct Training {
  explicit Training(WardServer& ward, int seats = 2) : office(ward) {
    token = Login(office, "lan");
    TestResponse r = office.Request(
        "POST", "/api/v1/training",
        Json{{"name", "Tập huấn tổ 1-3"}, {"date", "2026-11-28"}, {"seats", seats}}.dump(),
        AuthHeaders(token));
    REQUIRE(r.status == 201);
    session = r.JsonBody();
    id = session["id"];
  }
  std::string Code(int seat) const { return session["codes"][seat - 1]["code"]; }
  TestResponse Post(const std::string& path, const Json& body = Json::object()) {
    return office.Request("POST", "/api/v1/training/" + id + path, body.dump(), AuthHeaders(token));
  }
  Json Get() {
    TestResponse r = office.Get("/api/v1/training/" + id, AuthHeaders(token));
    REQUIRE(r.status == 200);
    return r.JsonBody();
  }
  ApiClient office;
  std::string token;
  Json session;
  std::string id;
};

// A household of the trainee's group (its street), reading the pull pages in order.
Json FirstHousehold(Phone& phone) {
  std::string since = "0";
  for (int page = 0; page < 100; ++page) {
    TestResponse r = phone.Get("/api/v1/sync/pull?limit=1000&since=" + since);
    REQUIRE(r.status == 200);
    Json body = r.JsonBody();
    for (const Json& c : body["changes"]) {
      if (c["record_type"] == "household" && c["field"] == "address_street") return c;
    }
    if (!body.value("more", false)) break;
    since = body["next"].is_string() ? body["next"].get<std::string>()
                                     : std::to_string(body["next"].get<int64_t>());
  }
  FAIL("no household in the sandbox pull");
  return Json();
}

}  // namespace

TEST_CASE("training: a trainee works on its session's sandbox, production unchanged",
          "[api][training]") {
  WardServer ward;
  std::string before = Hash(ward.db_path);
  Training t(ward);
  REQUIRE(t.session["codes"].size() == 2);
  CHECK(t.session["trainees"].size() == 2);

  Phone trainee(ward, t.Code(1));
  REQUIRE(trainee.enroll.status == 201);
  CHECK(trainee.enroll.JsonBody()["role"] == "trainee");
  REQUIRE(trainee.OpenSession().status == 200);

  Json house = FirstHousehold(trainee);
  std::string hid = house["record_id"], group = house["group_id"];
  CHECK(group == "tdp-01");
  TestResponse push = trainee.Push(
      Json::array({trainee.Change(hid, group, "address_street", "Phố Tập Huấn", house["hlc"])}));
  REQUIRE(push.status == 200);
  CHECK(push.JsonBody()["results"][0]["status"] == "applied");

  // The change is in the sandbox file, the production file has no such record.
  std::optional<Record> in_sandbox = ReadRecord(SandboxFile(ward.db_path), hid);
  REQUIRE(in_sandbox.has_value());
  CHECK(in_sandbox->fields.at("address_street").value == "Phố Tập Huấn");
  CHECK_FALSE(ReadRecord(ward.db_path, hid).has_value());

  // Progress: enrolled (server), sync (server), a client-reported step.
  TestResponse step =
      trainee.client.Request("POST", "/api/v1/training/me/steps", R"({"step":"offline_save"})",
                             AuthHeaders(trainee.token));
  CHECK(step.status == 200);
  TestResponse bad = trainee.client.Request("POST", "/api/v1/training/me/steps",
                                            R"({"step":"sync"})", AuthHeaders(trainee.token));
  CHECK(bad.status == 400);
  Json seat = t.Get()["trainees"][0];
  CHECK(seat["device_id"] == trainee.device_id);
  CHECK(seat["steps"].contains("enrolled"));
  CHECK(seat["steps"].contains("sync"));
  CHECK(seat["steps"].contains("offline_save"));
  CHECK(seat["can_inject"] == true);
  CHECK(t.Get()["trainees"][1]["steps"].empty());

  TestResponse me = trainee.Get("/api/v1/training/me");
  REQUIRE(me.status == 200);
  CHECK(me.JsonBody()["seat"] == 1);
  CHECK(me.JsonBody()["session"]["name"] == "Tập huấn tổ 1-3");

  CHECK(Hash(ward.db_path) == before);
}

TEST_CASE("training: the trainer's conflict reaches the trainee; reset regenerates the sandbox",
          "[api][training]") {
  WardServer ward;
  Training t(ward, 1);
  std::string fresh_hash = Hash(SandboxFile(ward.db_path));
  Phone trainee(ward, t.Code(1));
  REQUIRE(trainee.OpenSession().status == 200);
  Json house = FirstHousehold(trainee);
  std::string hid = house["record_id"], group = house["group_id"];
  std::string original = house["value"];

  CHECK(t.Post("/seats/1/conflict").status == 409);  // nothing edited yet: no_edit_yet
  REQUIRE(trainee
              .Push(Json::array(
                  {trainee.Change(hid, group, "address_street", "Phố Một", house["hlc"])}))
              .status == 200);
  std::string mine = trainee.last_hlc;
  TestResponse inject = t.Post("/seats/1/conflict");
  REQUIRE(inject.status == 200);
  CHECK(inject.JsonBody()["field"] == "address_street");
  CHECK(t.Get()["trainees"][0]["conflict_pending"] == true);

  // The trainee edits the same field again without having pulled: a conflict.
  TestResponse again =
      trainee.Push(Json::array({trainee.Change(hid, group, "address_street", "Phố Hai", mine)}));
  REQUIRE(again.status == 200);
  CHECK(again.JsonBody()["results"][0]["status"] == "conflict");
  Json seat = t.Get()["trainees"][0];
  CHECK(seat["steps"].contains("conflict_seen"));
  CHECK(seat["conflict_pending"] == false);

  // Reset: a fresh sandbox with the generator's data; progress is kept.
  std::string old_file = SandboxFile(ward.db_path);
  TestResponse reset = t.Post("/reset");
  REQUIRE(reset.status == 200);
  CHECK(reset.JsonBody()["reset_ms"].get<int64_t>() > 0);
  CHECK(SandboxFile(ward.db_path) != old_file);
  CHECK(Hash(SandboxFile(ward.db_path)) == fresh_hash);  // the generator's data again
  Json fresh = FirstHousehold(trainee);
  CHECK(fresh["record_id"] == hid);
  CHECK(fresh["value"] == original);
  CHECK(t.Get()["trainees"][0]["steps"].contains("conflict_seen"));
  CHECK(t.Post("/seats/1/conflict").status == 409);  // edits of the old sandbox are gone
}

TEST_CASE("training: every production route refuses a trainee, trainee routes refuse others",
          "[api][training][auth]") {
  WardServer ward;
  Training t(ward, 1);
  Phone trainee(ward, t.Code(1));
  REQUIRE(trainee.OpenSession().status == 200);
  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  std::string admin = Login(t.office, "minh");
  std::string sandbox_file = SandboxFile(ward.db_path);

  // The route table itself, so a route added later is covered too.
  ServicesOptions options;
  options.db_path = ward.db_path;
  options.schemas_dir = SchemasDir();
  Result<std::unique_ptr<ServerServices>> services = ServerServices::Open(options);
  REQUIRE(services.ok());
  AppContext ctx;
  ctx.services = services->get();
  Router all;
  RegisterApiRoutes(all, ctx);
  std::vector<std::pair<std::string, std::string>> routes = all.Routes();
  CHECK(routes.size() > 35);
  const std::set<std::string> kUnguarded = {"/api/v1/enroll", "/api/v1/session", "/api/v1/login",
                                            "/api/v1/logout"};
  const std::set<std::string> kSandboxed = {"GET /api/v1/schemas", "POST /api/v1/sync/push",
                                            "GET /api/v1/sync/pull", "GET /api/v1/me",
                                            "GET /api/v1/groups"};
  const std::set<std::string> kTraineeOnly = {"GET /api/v1/training/me",
                                              "POST /api/v1/training/me/steps"};
  std::string prod_before = Hash(ward.db_path);
  std::string sandbox_before = Hash(sandbox_file);
  int refused = 0;
  for (const auto& [method, pattern] : routes) {
    if (kUnguarded.count(pattern) != 0) continue;
    std::string target = pattern;
    for (auto [param, value] :
         {std::pair<std::string, std::string>{"<id>", t.id}, {"<seat>", "1"}}) {
      for (size_t at; (at = target.find(param)) != std::string::npos;) {
        target.replace(at, param.size(), value);
      }
    }
    std::string key = method + " " + pattern;
    std::string body = method == "GET" ? "" : "{}";
    INFO(key);
    if (kSandboxed.count(key) != 0) continue;  // served from the sandbox (tested above)
    if (kTraineeOnly.count(key) != 0) {
      for (const std::string& token : {leader.token, t.token, admin}) {
        TestResponse r = t.office.Request(method, target, body, AuthHeaders(token));
        CHECK(r.status == 403);
        CHECK(ErrorCodeOf(r) == "training_only");
      }
      continue;
    }
    TestResponse r = trainee.client.Request(method, target, body, AuthHeaders(trainee.token));
    CHECK(r.status == 403);
    CHECK(ErrorCodeOf(r) == "trainee_not_allowed");
    ++refused;
  }
  CHECK(refused > 25);

  // Production tokens on the shared sync routes reach production only: a leader's push of
  // a sandbox household's id lands in production, the sandbox file is unchanged.
  Json house = FirstHousehold(trainee);
  std::string hid = house["record_id"];
  TestResponse push =
      leader.Push(Json::array({leader.Change(hid, "tdp-01", "address_street", "Phố Thật")}));
  REQUIRE(push.status == 200);
  CHECK(Hash(sandbox_file) == sandbox_before);
  CHECK(Hash(ward.db_path) != prod_before);
  // The leader's pull has no sandbox data: only its own change.
  TestResponse pull = leader.Get("/api/v1/sync/pull");
  REQUIRE(pull.status == 200);
  CHECK(WrittenByDevices(pull.JsonBody()["changes"]).size() == 1);
}

TEST_CASE("training: attendance reaches production only through the audited apply",
          "[api][training]") {
  WardServer ward;
  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  std::string hid = NewUuid(), pid = NewUuid();
  Hlc h{SystemClock::Default().NowMs(), 100, leader.device_id};
  Json person = {{"device_seq", 2},          {"record_id", pid},    {"record_type", "person"},
                 {"group_id", "tdp-01"},     {"parent_id", hid},    {"field", "full_name"},
                 {"value", "Nguyễn Văn An"}, {"hlc", h.ToString()}, {"base_hlc", nullptr}};
  Json household = leader.Change(hid, "tdp-01", "address_street", "Phố Lê Lợi");  // seq 1
  leader.seq = 2;
  REQUIRE(leader.Push(Json::array({household, person})).status == 200);

  Training t(ward, 2);
  Phone trainee(ward, t.Code(1));
  REQUIRE(trainee.OpenSession().status == 200);
  std::string before = Hash(ward.db_path);

  TestResponse att = t.Post(
      "/attendance", {{"seats", Json::array({{{"seat", 1}, {"attended", true}, {"person_id", pid}},
                                             {{"seat", 2}, {"attended", false}}})}});
  REQUIRE(att.status == 200);
  CHECK(att.JsonBody()["attended"] == 1);
  CHECK(
      t.Post("/attendance", {{"seats", Json::array({{{"seat", 9}, {"attended", true}}})}}).status ==
      400);
  CHECK(Hash(ward.db_path) == before);  // recording attendance writes no ward data

  TestResponse unknown =
      t.Post("/attendance/apply", {{"person_ids", Json::array({pid, NewUuid()})}});
  CHECK(unknown.status == 400);
  CHECK(ErrorCodeOf(unknown) == "unknown_person");
  CHECK(Hash(ward.db_path) == before);
  TestResponse trainee_try = trainee.client.Request(
      "POST", "/api/v1/training/" + t.id + "/attendance/apply",
      Json{{"person_ids", Json::array({pid})}}.dump(), AuthHeaders(trainee.token));
  CHECK(trainee_try.status == 403);

  TestResponse apply = t.Post("/attendance/apply", {{"person_ids", Json::array({pid})}});
  REQUIRE(apply.status == 200);
  CHECK(apply.JsonBody()["applied"][0]["status"] == "applied");
  std::optional<Record> person_after = ReadRecord(ward.db_path, pid);
  REQUIRE(person_after.has_value());
  CHECK(person_after->fields.at("bdhvs_course_done").value == true);
  TestResponse audit = t.office.Get("/api/v1/audit?limit=1000", AuthHeaders(t.token));
  REQUIRE(audit.status == 200);
  bool found = false;
  const Json entries = audit.JsonBody()["entries"];
  for (const Json& e : entries) {
    if (e["action"] == "training_attendance_apply") {
      found = true;
      CHECK(e["target"] == t.id);
      CHECK(e["detail"]["person_ids"] == Json::array({pid}));
    }
  }
  CHECK(found);
  CHECK(t.Get()["applied_ms"].get<int64_t>() > 0);
}

}  // namespace sotay
