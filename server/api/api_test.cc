// The /api/v1 endpoints as a client sees them, through the server's HttpApp in process
// (server/testing/api_test_util.h): enrollment, sessions, scope, push/pull, conflicts,
// office routes, error handling (that one over loopback: the body limit is the socket's).
#include "server/testing/api_test_util.h"

#include <map>
#include <set>

#include "tests/fixtures/bundle_fixture.h"

namespace sotay {

using namespace testing;

namespace {

std::string Uuid() { return NewUuid(); }

}  // namespace

TEST_CASE("api: enrollment with a valid, a reused and an expired code", "[api][auth]") {
  WardServer ward;
  std::string code = AddCode(ward.db_path, "leader", {"tdp-01"});

  Phone phone(ward, code);
  REQUIRE(phone.enroll.status == 201);
  Json body = phone.enroll.JsonBody();
  CHECK(IsUuid(body["device_id"].get<std::string>()));
  CHECK(body["role"] == "leader");
  CHECK(body["groups"] == Json::array({"tdp-01"}));
  CHECK(crypto::Base64Decode(body["office_public_key"].get<std::string>())->size() == 32);

  Phone again(ward, code);
  CHECK(again.enroll.status == 403);
  CHECK(ErrorCodeOf(again.enroll) == "enroll_code_invalid");

  std::string expired =
      AddCode(ward.db_path, "leader", {"tdp-01"}, SystemClock::Default().NowMs() - 1000);
  Phone late(ward, expired);
  CHECK(late.enroll.status == 403);
  CHECK(ErrorCodeOf(late.enroll) == "enroll_code_invalid");

  Phone unknown(ward, "ABCD-EFGH-JK");
  CHECK(ErrorCodeOf(unknown.enroll) == "enroll_code_invalid");

  // Lower case and spaces are the same human code; a bad key is refused first.
  std::string typed = AddCode(ward.db_path, "leader", {"tdp-02"});
  ApiClient c(ward);
  TestResponse bad_key = c.Request(
      "POST", "/api/v1/enroll",
      Json{{"code", typed}, {"device_name", "x"}, {"public_key", "AAAA"}}.dump(), JsonHeaders());
  CHECK(bad_key.status == 400);
  CHECK(ErrorCodeOf(bad_key) == "invalid_public_key");
  std::string lower;
  for (char ch : typed) lower += ch == '-' ? ' ' : static_cast<char>(std::tolower(ch));
  Phone typed_phone(ward, lower);
  CHECK(typed_phone.enroll.status == 201);
}

TEST_CASE("api: sessions: good, bad signature, clock skew, revoked, unknown", "[api][auth]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.enroll.status == 201);

  TestResponse bad = phone.OpenSession(0, /*corrupt=*/true);
  CHECK(bad.status == 401);
  CHECK(ErrorCodeOf(bad) == "bad_signature");

  int64_t now_s = SystemClock::Default().NowMs() / 1000;
  TestResponse skew = phone.OpenSession(now_s - 400);
  CHECK(skew.status == 401);
  CHECK(ErrorCodeOf(skew) == "clock_skew");
  CHECK(phone.OpenSession(now_s + 400).status == 401);

  TestResponse good = phone.OpenSession(now_s - 200);
  REQUIRE(good.status == 200);
  Json g = good.JsonBody();
  CHECK(g["token"].get<std::string>().size() == 43);
  CHECK(g["expires_at"].get<int64_t>() > SystemClock::Default().NowMs() + 11 * 3600 * 1000);
  CHECK(phone.Get("/api/v1/schemas").status == 200);

  // The same signed request again (captured and replayed) gets no second token; a new
  // timestamp does. A refused request (bad signature, skew) does not use up its stamp.
  TestResponse replayed = phone.OpenSession(now_s - 200);
  CHECK(replayed.status == 401);
  CHECK(ErrorCodeOf(replayed) == "session_replayed");
  CHECK(phone.OpenSession(now_s - 199).status == 200);
  CHECK(phone.OpenSession(now_s - 199).status == 401);
  CHECK(phone.OpenSession(now_s - 198, /*corrupt=*/true).status == 401);
  CHECK(phone.OpenSession(now_s - 198).status == 200);

  // Revocation (as the CLI does it) ends live tokens and refuses new sessions.
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    REQUIRE(db->accounts->RevokeDevice(phone.device_id, SystemClock::Default().NowMs()).ok());
  }
  TestResponse after = phone.Get("/api/v1/schemas");
  CHECK(after.status == 403);
  CHECK(ErrorCodeOf(after) == "device_revoked");
  TestResponse revoked = phone.OpenSession();
  CHECK(revoked.status == 403);
  CHECK(ErrorCodeOf(revoked) == "device_revoked");

  ApiClient c(ward);
  TestResponse unknown =
      c.Request("POST", "/api/v1/session",
                Json{{"device_id", Uuid()}, {"timestamp_s", now_s}, {"signature", "AAAA"}}.dump(),
                JsonHeaders());
  CHECK(unknown.status == 401);
}

TEST_CASE("api: bearer tokens: missing, unknown, logout", "[api][auth]") {
  WardServer ward;
  ApiClient c(ward);
  TestResponse none = c.Get("/api/v1/schemas");
  CHECK(none.status == 401);
  CHECK(ErrorCodeOf(none) == "unauthorized");
  CHECK(none.Header("WWW-Authenticate").find("Bearer") == 0);
  CHECK(c.Get("/api/v1/sync/pull", AuthHeaders("not-a-token")).status == 401);
  CHECK(c.Get("/api/v1/sync/pull", {{"Authorization", "Basic abc"}}).status == 401);

  std::string token = Login(c, "lan");
  TestResponse schemas = c.Get("/api/v1/schemas", AuthHeaders(token));
  REQUIRE(schemas.status == 200);
  Json s = schemas.JsonBody();
  CHECK(s["schemas"].is_array());
  CHECK(s["code_lists"].is_object());
  CHECK(s["indicators"].is_array());
  // The key phones seal to, so a rotated one reaches them at their next sync.
  {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    Result<std::optional<WardInfo>> w = db->accounts->GetWard();
    REQUIRE(w.ok());
    REQUIRE(w->has_value());
    CHECK(s["office_public_key"] == (**w).office_public_key);
  }
  CHECK(c.Request("POST", "/api/v1/logout", "", AuthHeaders(token)).status == 204);
  CHECK(c.Get("/api/v1/schemas", AuthHeaders(token)).status == 401);
}

TEST_CASE("api: login good and bad, with backoff", "[api][auth]") {
  WardServer ward;
  ApiClient c(ward);
  TestResponse ok =
      c.Request("POST", "/api/v1/login",
                Json{{"username", "minh"}, {"password", "mat-khau-1"}}.dump(), JsonHeaders());
  REQUIRE(ok.status == 200);
  CHECK(ok.JsonBody()["role"] == "admin");
  CHECK(ok.JsonBody()["expires_at"].get<int64_t>() > SystemClock::Default().NowMs());

  auto attempt = [&](const std::string& user, const std::string& pw) {
    return c.Request("POST", "/api/v1/login", Json{{"username", user}, {"password", pw}}.dump(),
                     JsonHeaders());
  };
  TestResponse wrong = attempt("lan", "sai-mat-khau");
  CHECK(wrong.status == 401);
  CHECK(ErrorCodeOf(wrong) == "bad_credentials");
  CHECK(ErrorCodeOf(attempt("nobody", "whatever1")) == "bad_credentials");
  CHECK(attempt("lan", "sai-2").status == 401);
  CHECK(attempt("lan", "sai-3").status == 401);
  CHECK(attempt("minh", "sai-4").status == 401);
  CHECK(attempt("lan", "sai-5").status == 401);
  // The sixth failure in a row from one address locks that address for a while
  // (login_guard_test.cc: other addresses and the account itself are not locked).
  TestResponse locked = attempt("lan", "mat-khau-1");
  CHECK(locked.status == 429);
  CHECK(ErrorCodeOf(locked) == "too_many_attempts");
  CHECK_FALSE(locked.Header("Retry-After").empty());

  // Failed logins are audited; the password never is.
  std::string admin_token = ok.JsonBody()["token"];
  TestResponse audit = c.Get("/api/v1/audit?limit=1000", AuthHeaders(admin_token));
  REQUIRE(audit.status == 200);
  CHECK(audit.body.find("login_failed") != std::string::npos);
  CHECK(audit.body.find("sai-mat-khau") == std::string::npos);
}

TEST_CASE("api: push idempotency, scope and pull filtering", "[api][sync]") {
  WardServer ward;
  Phone one(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  Phone two(ward, AddCode(ward.db_path, "leader", {"tdp-02"}));
  REQUIRE(one.OpenSession().status == 200);
  REQUIRE(two.OpenSession().status == 200);

  std::string h1 = Uuid(), h2 = Uuid();
  Json batch = Json::array({one.Change(h1, "tdp-01", "address_street", "Trần Thành Ngọ"),
                            one.Change(h1, "tdp-01", "address_number", "12")});
  for (int i = 0; i < 3; ++i) {
    TestResponse r = one.Push(batch);
    REQUIRE(r.status == 200);
    Json b = r.JsonBody();
    CHECK(b["acked_through"] == 2);
    for (const Json& res : b["results"]) {
      CHECK(res["status"] == (i == 0 ? "applied" : "duplicate"));
    }
  }
  REQUIRE(two.Push(Json::array({two.Change(h2, "tdp-02", "address_street", "Lê Duẩn")})).status ==
          200);

  // A leader of tdp-01 cannot write tdp-02: a batch entirely outside is refused whole.
  TestResponse outside = one.Push(Json::array({one.Change(h2, "tdp-02", "address_number", "9")}));
  CHECK(outside.status == 403);
  CHECK(ErrorCodeOf(outside) == "forbidden_group");

  // ... and does not see it in pulls.
  TestResponse pull = one.Get("/api/v1/sync/pull?since=0&limit=100");
  REQUIRE(pull.status == 200);
  Json p = pull.JsonBody();
  // (Besides the server's derived values of the new household: its counts of members.)
  CHECK(WrittenByDevices(p["changes"]).size() == 2);
  for (const Json& c : p["changes"]) CHECK(c["group_id"] == "tdp-01");
  CHECK(p["more"] == false);
  // A first download says how many households it brings (the phone's progress).
  CHECK(p["households_total"] == 1);

  // The office sees all groups.
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  TestResponse all = office.Get("/api/v1/sync/pull?since=0", AuthHeaders(token));
  REQUIRE(all.status == 200);
  CHECK(WrittenByDevices(all.JsonBody()["changes"]).size() == 3);
  CHECK(all.JsonBody()["households_total"] == 2);

  // Office users do not push (only devices do).
  TestResponse office_push = office.Request("POST", "/api/v1/sync/push",
                                            Json{{"changes", batch}}.dump(), AuthHeaders(token));
  CHECK(office_push.status == 403);
}

TEST_CASE("api: a rejected change does not block its batch", "[api][sync]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);
  std::string h = Uuid();
  Json batch = Json::array({phone.Change(h, "tdp-01", "address_street", "Hoàng Quốc Việt"),
                            phone.Change(h, "tdp-01", "no_such_field", "x"),
                            phone.Change(h, "tdp-01", "floor_area_m2", "not a number"),
                            phone.Change(h, "tdp-01", "address_number", "5A")});
  TestResponse r = phone.Push(batch);
  REQUIRE(r.status == 200);
  Json b = r.JsonBody();
  CHECK(b["acked_through"] == 4);
  CHECK(b["results"][0]["status"] == "applied");
  CHECK(b["results"][1]["status"] == "rejected");
  CHECK(b["results"][1]["code"] == "unknown_field");
  CHECK(b["results"][2]["status"] == "rejected");
  CHECK(b["results"][3]["status"] == "applied");

  ApiClient office(ward);
  std::string token = Login(office, "lan");
  TestResponse q = office.Get("/api/v1/quarantine", AuthHeaders(token));
  REQUIRE(q.status == 200);
  Json entries = q.JsonBody()["quarantine"];
  REQUIRE(entries.size() == 2);
  CHECK(entries[0]["code"] == "unknown_field");
  CHECK(entries[0]["device_id"] == phone.device_id);
}

TEST_CASE("api: a conflict between two devices, resolved by the office", "[api][sync]") {
  WardServer ward;
  Phone a(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  Phone b(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(a.OpenSession().status == 200);
  REQUIRE(b.OpenSession().status == 200);
  std::string h = Uuid();
  REQUIRE(a.Push(Json::array({a.Change(h, "tdp-01", "address_street", "Phố A")})).status == 200);
  // b has not seen a's write (base_hlc null) and writes the same field.
  TestResponse rb = b.Push(Json::array({b.Change(h, "tdp-01", "address_street", "Phố B")}));
  REQUIRE(rb.status == 200);
  CHECK(rb.JsonBody()["results"][0]["status"] == "conflict");
  // b is told what a wrote and by whom (the name a enrolled with).
  CHECK(rb.JsonBody()["results"][0]["other"]["value"] == "Phố A");
  CHECK(rb.JsonBody()["results"][0]["other"]["device_id"] == a.device_id);
  CHECK(rb.JsonBody()["results"][0]["other"]["device_name"] == "Điện thoại tổ trưởng");

  ApiClient office(ward);
  std::string token = Login(office, "lan");
  TestResponse list = office.Get("/api/v1/conflicts?unresolved=1", AuthHeaders(token));
  REQUIRE(list.status == 200);
  Json conflicts = list.JsonBody()["conflicts"];
  REQUIRE(conflicts.size() == 1);
  int64_t id = conflicts[0]["id"];
  CHECK(conflicts[0]["field"] == "address_street");

  TestResponse bad =
      office.Request("POST", "/api/v1/conflicts/" + std::to_string(id) + "/resolve",
                     Json{{"value", 42}, {"comment", "x"}}.dump(), AuthHeaders(token));
  CHECK(bad.status == 400);
  TestResponse resolved = office.Request(
      "POST", "/api/v1/conflicts/" + std::to_string(id) + "/resolve",
      Json{{"value", "Phố C"}, {"comment", "đã xác minh tại nhà"}}.dump(), AuthHeaders(token));
  REQUIRE(resolved.status == 200);
  CHECK(resolved.JsonBody()["resolved"] == true);
  CHECK(office
            .Request("POST", "/api/v1/conflicts/999/resolve", Json{{"comment", ""}}.dump(),
                     AuthHeaders(token))
            .status == 404);

  // The chosen value reaches the devices as a server write.
  TestResponse pull = a.Get("/api/v1/sync/pull?since=0");
  REQUIRE(pull.status == 200);
  INFO(pull.body);
  bool seen = false;
  Json pulled = pull.JsonBody();  // a named value: ranging over a temporary's member dangles
  for (const Json& c : pulled["changes"]) {
    if (c["field"] == "address_street") {
      CHECK(c["value"] == "Phố C");
      CHECK(c["hlc"].get<std::string>().find("-server") != std::string::npos);
      seen = true;
    }
  }
  CHECK(seen);
  TestResponse left = office.Get("/api/v1/conflicts?unresolved=1", AuthHeaders(token));
  CHECK(left.JsonBody()["conflicts"].empty());
}

TEST_CASE("api: pull paging over HTTP is exact", "[api][sync]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);
  std::set<std::string> pushed;
  for (int batch = 0; batch < 5; ++batch) {
    Json changes = Json::array();
    for (int i = 0; i < 9; ++i) {
      std::string h = Uuid();
      pushed.insert(h);
      changes.push_back(phone.Change(h, "tdp-01", "address_street", "Phố " + std::to_string(i)));
    }
    REQUIRE(phone.Push(changes).status == 200);
  }
  // Each household is 3 changes: its street and the member and head counts the server
  // derives (0 and 0), so a page of 7 holds two whole households.
  std::set<std::string> pulled;
  int64_t since = 0, last_seq = 0;
  int pages = 0;
  for (;;) {
    TestResponse r = phone.Get("/api/v1/sync/pull?since=" + std::to_string(since) + "&limit=7");
    REQUIRE(r.status == 200);
    Json p = r.JsonBody();
    CHECK(p["changes"].size() <= 7);
    // The total comes with the first page only (later pages need not count again).
    if (since == 0) {
      CHECK(p["households_total"] == 45);
    } else {
      CHECK_FALSE(p.contains("households_total"));
      // A first download resumed from its cursor asks for it again.
      TestResponse resumed = phone.Get("/api/v1/sync/pull?since=" + std::to_string(since) +
                                       "&limit=7&count=households");
      REQUIRE(resumed.status == 200);
      Json q = resumed.JsonBody();
      CHECK(q["households_total"] == 45);
      CHECK(q["changes"] == p["changes"]);
      CHECK(q["next"] == p["next"]);
    }
    // Records come in the order of their seq (the highest of their fields'), each whole,
    // in one page only.
    std::map<std::string, int64_t> page;
    std::vector<std::string> order;
    for (const Json& c : p["changes"]) {
      const std::string id = c["record_id"];
      if (page.count(id) == 0) {
        order.push_back(id);
        CHECK(pulled.insert(id).second);
      }
      page[id] = std::max(page[id], c["server_seq"].get<int64_t>());
    }
    for (const std::string& id : order) {
      CHECK(page[id] > last_seq);
      last_seq = page[id];
    }
    since = p["next"];
    ++pages;
    if (!p["more"].get<bool>()) break;
    REQUIRE(pages < 30);
  }
  CHECK(pulled == pushed);
  CHECK(pages == 23);  // 45 households of 3 changes, two a page
  TestResponse bad = phone.Get("/api/v1/sync/pull?since=-1");
  CHECK(bad.status == 400);
  CHECK(ErrorCodeOf(bad) == "bad_cursor");
  CHECK(ErrorCodeOf(phone.Get("/api/v1/sync/pull?limit=abc")) == "bad_limit");
}

TEST_CASE("api: malformed requests get the contract's errors, server keeps serving",
          "[api][errors]") {
  // Over loopback: the 413 of a body over the limit is the session's (http_server.h), and
  // "keeps serving" is about the connections after each error.
  WardServer ward(Transport::kLoopback);
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);
  HeaderList auth = AuthHeaders(phone.token);
  ApiClient& c = phone.client;

  TestResponse malformed = c.Request("POST", "/api/v1/sync/push", "{\"changes\": [", auth);
  CHECK(malformed.status == 400);
  CHECK(ErrorCodeOf(malformed) == "malformed_json");
  TestResponse wrong = c.Request("POST", "/api/v1/sync/push", "{\"changes\": 5}", auth);
  CHECK(wrong.status == 400);
  CHECK(ErrorCodeOf(wrong) == "invalid_field_type");
  TestResponse wrong_type =
      c.Request("POST", "/api/v1/enroll",
                Json{{"code", 5}, {"device_name", "x"}, {"public_key", "x"}}.dump(), JsonHeaders());
  CHECK(wrong_type.status == 400);
  CHECK(ErrorCodeOf(wrong_type) == "wrong_type");
  TestResponse no_type = c.Request("POST", "/api/v1/login", "{}", {});
  CHECK(no_type.status == 415);
  ApiClient big(ward);
  TestResponse huge = big.Request("POST", "/api/v1/sync/push", std::string(2 << 20, ' '), auth);
  CHECK(huge.status == 413);
  ApiClient fresh(ward);
  TestResponse missing = fresh.Get("/api/v1/nothing-here");
  CHECK(missing.status == 404);
  CHECK(ErrorCodeOf(missing) == "not_found");
  TestResponse method = fresh.Request("DELETE", "/api/v1/sync/push");
  CHECK(method.status == 405);
  Json too_many = Json::array();
  for (int i = 0; i < 1001; ++i)
    too_many.push_back(phone.Change(Uuid(), "tdp-01", "address_number", "1"));
  TestResponse big_batch = phone.Push(too_many);
  CHECK(big_batch.status == 413);
  CHECK(ErrorCodeOf(big_batch) == "batch_too_large");

  CHECK(fresh.Get("/healthz").status == 200);
  CHECK(phone.Get("/api/v1/sync/pull").status == 200);
}

TEST_CASE("api: every office route refuses a leader token, trainees are kept out", "[api][auth]") {
  WardServer ward;
  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  std::string h = Uuid();
  REQUIRE(leader.Push(Json::array({leader.Change(h, "tdp-01", "address_street", "Phố")})).status ==
          200);
  struct Route {
    const char* method;
    std::string target;
    std::string body;
  };
  std::vector<Route> routes = {
      {"GET", "/api/v1/conflicts", ""},
      {"POST", "/api/v1/conflicts/1/resolve", "{\"comment\":\"x\"}"},
      {"GET", "/api/v1/quarantine", ""},
      {"GET", "/api/v1/audit", ""},
      {"POST", "/api/v1/records/" + h + "/review", "{\"state\":\"approved\",\"comment\":\"\"}"},
      // The dashboard's routes (dashboard_api_test.cc tests them for the office).
      {"GET", "/api/v1/indicators?period=2026", ""},
      {"GET", "/api/v1/indicators/trend?period=2026", ""},
      {"GET", "/api/v1/periods?period=2026", ""},
      {"PUT", "/api/v1/indicators/1/values", "{\"period\":\"2026-05\",\"value\":1}"},
      {"GET", "/api/v1/indicators/1/values", ""},
      {"GET", "/api/v1/records?type=household", ""},
      {"GET", "/api/v1/records/" + h, ""},
      {"GET", "/api/v1/records/" + h + "/history", ""},
      {"GET", "/api/v1/cultural-families?period=2026", ""},
      {"GET", "/api/v1/groups/tdp-01/cultural-review?year=2026", ""},
      {"PUT", "/api/v1/groups/tdp-01/cultural-review?year=2026",
       "{\"fields\":{\"g1_economy\":true}}"},
      {"GET", "/api/v1/report?period=2026-11", ""},
      {"GET", "/api/v1/export?type=household&format=csv", ""},
      {"GET", "/api/v1/export?type=household&format=xlsx", ""},
      {"GET", "/api/v1/devices", ""},
      {"POST", "/api/v1/devices/" + leader.device_id + "/revoke", ""},
      {"POST", "/api/v1/enroll-codes", "{\"role\":\"leader\",\"groups\":[\"tdp-01\"]}"},
      {"POST", "/api/v1/groups", "{\"id\":\"tdp-09\",\"name\":\"x\"}"},
      {"POST", "/api/v1/backup", ""},
  };
  for (const Route& r : routes) {
    INFO(r.method << " " << r.target);
    TestResponse res = leader.client.Request(r.method, r.target, r.body, AuthHeaders(leader.token));
    CHECK(res.status == 403);
    CHECK(ErrorCodeOf(res) == "forbidden");
  }

  Phone trainee(ward, AddCode(ward.db_path, "trainee", {"tdp-01"}));
  REQUIRE(trainee.OpenSession().status == 200);
  TestResponse t = trainee.Get("/api/v1/sync/pull");
  CHECK(t.status == 403);
  CHECK(ErrorCodeOf(t) == "trainee_not_allowed");

  // The office may review; the review is audited.
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  TestResponse review = office.Request(
      "POST", "/api/v1/records/" + h + "/review",
      Json{{"state", "has_issues"}, {"comment", "thiếu số nhà"}}.dump(), AuthHeaders(token));
  REQUIRE(review.status == 200);
  CHECK(review.JsonBody()["state"] == "has_issues");
  CHECK(office
            .Request("POST", "/api/v1/records/" + h + "/review", Json{{"state", "maybe"}}.dump(),
                     AuthHeaders(token))
            .status == 400);
  CHECK(office
            .Request("POST", "/api/v1/records/" + Uuid() + "/review",
                     Json{{"state", "approved"}}.dump(), AuthHeaders(token))
            .status == 404);
  TestResponse audit = office.Get("/api/v1/audit", AuthHeaders(token));
  INFO(audit.body);
  bool reviewed = false;
  Json entries = audit.JsonBody();  // a named value: ranging over a temporary's member dangles
  for (const Json& e : entries["entries"]) {
    if (e["action"] == "review" && e["target"] == h) reviewed = true;
  }
  CHECK(reviewed);

  // Newest first, filtered, paged: what the dashboard's audit screen reads.
  for (const char* state : {"approved", "rejected"}) {
    REQUIRE(office
                .Request("POST", "/api/v1/records/" + h + "/review", Json{{"state", state}}.dump(),
                         AuthHeaders(token))
                .status == 200);
  }
  Json all = office.Get("/api/v1/audit?limit=1000", AuthHeaders(token)).JsonBody();
  Json newest =
      office.Get("/api/v1/audit?newest=1&action=review&limit=2", AuthHeaders(token)).JsonBody();
  REQUIRE(newest["entries"].size() == 2);
  CHECK(newest["more"] == true);  // three reviews in all
  CHECK(newest["entries"][0]["detail"]["state"] == "rejected");
  CHECK(newest["entries"][1]["detail"]["state"] == "approved");
  CHECK(newest["entries"][0]["id"].get<int64_t>() > newest["entries"][1]["id"].get<int64_t>());
  const int64_t next = newest["next"].get<int64_t>();
  CHECK(next == newest["entries"][1]["id"].get<int64_t>());
  Json older =
      office
          .Get("/api/v1/audit?newest=1&action=review&limit=2&before=" + std::to_string(next),
               AuthHeaders(token))
          .JsonBody();
  REQUIRE(older["entries"].size() == 1);
  CHECK(older["entries"][0]["detail"]["state"] == "has_issues");
  CHECK(older["more"] == false);
  for (const Json& e : all["entries"]) {
    if (e["action"] != "review") continue;
    CHECK(e["actor"].get<std::string>().find("lan") != std::string::npos);
  }
  Json by_actor = office
                      .Get("/api/v1/audit?newest=1&action=review&actor=" +
                               newest["entries"][0]["actor"].get<std::string>(),
                           AuthHeaders(token))
                      .JsonBody();
  CHECK(by_actor["entries"].size() == 3);
  CHECK(office.Get("/api/v1/audit?actor=nobody", AuthHeaders(token)).JsonBody()["entries"].empty());
  CHECK(all["more"] == false);
  CHECK(office.Get("/api/v1/audit?newest=2", AuthHeaders(token)).status == 400);
  CHECK(office.Get("/api/v1/audit?before=-1&newest=1", AuthHeaders(token)).status == 400);
}

}  // namespace sotay

namespace sotay {

using namespace testing;

// A household pushed half-filled is flagged for review; once a later push makes it
// whole, the server's own flag is lifted. Every push refreshes the indicator facts.
TEST_CASE("api: review flags follow the record, facts follow every push", "[api][sync]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);

  Json fixture = ReadFixture("households/tran_thanh_ngo_12.json");
  const std::string h = fixture["household"]["id"];
  auto review_of = [&](const std::string& id) {
    Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
    REQUIRE(db.ok());
    Result<std::optional<ReviewState>> r = db->accounts->GetReview(id);
    REQUIRE(r.ok());
    return r->has_value() ? (*r)->state : std::string("none");
  };

  TestResponse first =
      phone.Push(Json::array({phone.Change(h, "tdp-01", "address_street", "Trần Thành Ngọ")}));
  REQUIRE(first.status == 200);
  CHECK(review_of(h) == "has_issues");

  // The rest of the household and its members, as a phone would send them.
  Json changes = Json::array();
  for (const auto& [field, value] : fixture["household"]["fields"].items()) {
    changes.push_back(phone.Change(h, "tdp-01", field, value));
  }
  for (const Json& child : fixture["children"]) {
    for (const auto& [field, value] : child["fields"].items()) {
      Json c = phone.Change(child["id"], "tdp-01", field, value);
      c["record_type"] = child["type"];
      c["parent_id"] = h;
      changes.push_back(c);
    }
  }
  TestResponse second = phone.Push(changes);
  REQUIRE(second.status == 200);
  INFO(second.body);
  CHECK(review_of(h) == "pending");

  Result<OpenedDatabase> db = OpenDatabase(ward.db_path);
  REQUIRE(db.ok());
  Result<std::vector<FactSum>> sums = db->store->AggregateFacts("2026");
  REQUIRE(sums.ok());
  bool found = false;
  for (const FactSum& s : *sums) {
    if (s.group_id == "tdp-01" && s.indicator == "16") {
      found = true;
      CHECK(s.denominator == 1);  // one household, waste collected
      CHECK(s.numerator == 1);
    }
  }
  CHECK(found);
}

}  // namespace sotay
