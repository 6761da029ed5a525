// The office's review of a residential group ("Bình xét Tổ dân phố văn hóa") through the
// API (in process, server/testing/api_test_util.h): write and read back, refusals with stable
// codes, the write as a server change in the log (pulled by the group's leader, in the record's
// history, audited) and indicator (10) following it.
#include "core/date.h"
#include "server/testing/api_test_util.h"

namespace sotay {

using namespace testing;

namespace {

std::string ThisYear() { return VietnamToday(SystemClock::Default()).substr(0, 4); }

std::string FieldOf(const TestResponse& r) {
  Json j = r.JsonBody();
  return j.is_object() && j.contains("error") ? j["error"].value("field", "") : "";
}

// Indicator (10) of `group` for the year: {numerator, denominator}, {-1, -1} without a row.
std::pair<double, double> Indicator10(ApiClient& c, const std::string& token,
                                      const std::string& year, const std::string& group) {
  Json body = c.Get("/api/v1/indicators?period=" + year, AuthHeaders(token)).JsonBody();
  for (const Json& v : body["values"]) {
    if (v["indicator"] == "10" && v["group_id"] == group && v["numerator"].is_number()) {
      return {v["numerator"].get<double>(), v["denominator"].get<double>()};
    }
  }
  return {-1, -1};
}

}  // namespace

TEST_CASE("cultural review: put, get, refusals, log and indicator 10", "[api][dashboard]") {
  WardServer ward;
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  const std::string year = ThisYear();
  const std::string target = "/api/v1/groups/tdp-01/cultural-review?year=" + year;
  auto put = [&](const Json& fields, const std::string& to = "") {
    return office.Request("PUT", to.empty() ? target : to, Json{{"fields", fields}}.dump(),
                          AuthHeaders(token));
  };

  TestResponse empty = office.Get(target, AuthHeaders(token));
  REQUIRE(empty.status == 200);
  CHECK(empty.JsonBody()["record_id"].is_null());
  CHECK(empty.JsonBody()["year"] == std::stoi(year));
  std::pair<double, double> before = Indicator10(office, token, year, "tdp-01");
  CHECK(before.first <= 0);

  // Criteria met and the meeting agreed, no decision yet: proposed.
  Json fields = {{"g1_economy", true},     {"g2_culture", true},
                 {"g3_environment", true}, {"g4_law_order", true},
                 {"g5_solidarity", true},  {"meeting_date", year + "-01-01"},
                 {"meeting_agreed", true}};
  TestResponse first = put(fields);
  REQUIRE(first.status == 200);
  Json saved = first.JsonBody();
  const std::string id = saved["record_id"];
  CHECK(saved["fields"]["status"] == "proposed");
  CHECK(saved["fields"]["period"] == std::stoi(year));
  CHECK(Indicator10(office, token, year, "tdp-01").first <= 0);

  // The chairman's decision: recognised, and indicator (10) counts the group.
  TestResponse second =
      put({{"decision_number", "123/QĐ-UBND"}, {"decision_date", year + "-01-02"}});
  REQUIRE(second.status == 200);
  CHECK(second.JsonBody()["record_id"] == id);
  CHECK(second.JsonBody()["written"] ==
        Json::array({"decision_number", "decision_date", "status"}));
  Json got = office.Get(target, AuthHeaders(token)).JsonBody();
  CHECK(got["record_id"] == id);
  CHECK(got["fields"]["status"] == "recognised");
  CHECK(got["fields"]["g3_environment"] == true);
  CHECK(got["fields"]["decision_number"] == "123/QĐ-UBND");
  CHECK(Indicator10(office, token, year, "tdp-01") == std::pair<double, double>{1, 1});
  // The same values again write nothing.
  CHECK(put({{"g1_economy", true}}).JsonBody()["written"] == Json::array());

  // Refusals, each naming the field; nothing changes.
  TestResponse not_bool = put({{"g1_economy", "có"}});
  CHECK(not_bool.status == 400);
  CHECK(ErrorCodeOf(not_bool) == "invalid_value");
  CHECK(FieldOf(not_bool) == "g1_economy");
  TestResponse future = put({{"meeting_date", "2099-12-31"}});
  CHECK(ErrorCodeOf(future) == "invalid_value");
  CHECK(FieldOf(future) == "meeting_date");
  TestResponse computed = put({{"status", "recognised"}});
  CHECK(ErrorCodeOf(computed) == "invalid_value");
  CHECK(FieldOf(computed) == "status");
  TestResponse unknown = put({{"nope", 1}});
  CHECK(FieldOf(unknown) == "nope");
  TestResponse missing = put({{"g2_culture", nullptr}});
  CHECK(ErrorCodeOf(missing) == "invalid_value");
  CHECK(FieldOf(missing) == "g2_culture");
  TestResponse bad_year =
      office.Get("/api/v1/groups/tdp-01/cultural-review?year=20x6", AuthHeaders(token));
  CHECK(bad_year.status == 400);
  CHECK(FieldOf(bad_year) == "year");
  TestResponse no_group = put(fields, "/api/v1/groups/tdp-77/cultural-review?year=" + year);
  CHECK(no_group.status == 404);
  CHECK(ErrorCodeOf(no_group) == "not_found");
  CHECK(office.Get(target, AuthHeaders(token)).JsonBody()["fields"] == got["fields"]);

  // Written as the server node, in the record's history.
  Json hist = office.Get("/api/v1/records/" + id + "/history", AuthHeaders(token)).JsonBody();
  REQUIRE(hist["writes"].size() >= 1);
  size_t written = 0;
  for (const Json& w : hist["writes"]) {
    CHECK(w["device_id"] == "server");
    CHECK(w["user"] == "lan");  // the office user behind the server's write
    written += w["fields"].size();
  }
  CHECK(written >= 10);

  // Audited.
  Json audit = office.Get("/api/v1/audit?limit=1000", AuthHeaders(token)).JsonBody();
  int entries = 0;
  for (const Json& e : audit["entries"]) {
    if (e["action"] == "cultural_review" && e["target"] == "groups/tdp-01/" + year) ++entries;
  }
  CHECK(entries == 3);

  // The group's leader pulls the record, and may not use the office route.
  Phone leader(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(leader.OpenSession().status == 200);
  Json pulled = leader.Get("/api/v1/sync/pull?since=0").JsonBody();
  int of_record = 0;
  for (const Json& c : pulled["changes"]) of_record += c["record_id"] == id ? 1 : 0;
  CHECK(of_record >= 10);
  TestResponse denied = leader.Get(target);
  CHECK(denied.status == 403);
  CHECK(ErrorCodeOf(denied) == "forbidden");
  TestResponse denied_put = leader.client.Request("PUT", target, Json{{"fields", fields}}.dump(),
                                                  AuthHeaders(leader.token));
  CHECK(denied_put.status == 403);
  CHECK(ErrorCodeOf(denied_put) == "forbidden");
}

}  // namespace sotay
