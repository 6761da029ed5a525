// Lists of the office that can show sensitive values (conflicts, quarantine) are audited
// like record reads (docs/protocol.md "Audit").
#include "server/testing/api_test_util.h"

namespace sotay::testing {
namespace {

// A change of a person's field (a sensitive one in these tests).
Json PersonChange(Phone& phone, const std::string& person, const std::string& household,
                  const std::string& field, const Json& value) {
  Json c = phone.Change(person, "tdp-01", field, value);
  c["record_type"] = "person";
  c["parent_id"] = household;
  return c;
}

int CountAudit(ApiClient& c, const std::string& token, const std::string& target) {
  TestResponse audit = c.Get("/api/v1/audit?action=read_sensitive&limit=1000", AuthHeaders(token));
  REQUIRE(audit.status == 200);
  const Json body = audit.JsonBody();  // kept: the loop walks inside it
  int n = 0;
  for (const Json& e : body["entries"]) {
    if (e.value("target", "") == target) ++n;
  }
  return n;
}

}  // namespace

TEST_CASE("api: conflicts and quarantine that show sensitive values are audited", "[api][audit]") {
  WardServer ward;
  Phone a(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  Phone b(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(a.OpenSession().status == 200);
  REQUIRE(b.OpenSession().status == 200);
  const std::string h = NewUuid(), p = NewUuid();
  REQUIRE(a.Push(Json::array({a.Change(h, "tdp-01", "address_street", "Phố A"),
                              PersonChange(a, p, h, "disability", "mild")}))
              .status == 200);
  // b has not seen a's value: a conflict on a sensitive field.
  TestResponse rb = b.Push(Json::array({PersonChange(b, p, h, "disability", "severe")}));
  REQUIRE(rb.status == 200);
  REQUIRE(rb.JsonBody()["results"][0]["status"] == "conflict");
  // A value outside the code list: quarantined, with its raw (sensitive) value.
  TestResponse rq = a.Push(Json::array({PersonChange(a, p, h, "bhyt_group", "khong-co-ma")}));
  REQUIRE(rq.status == 200);
  REQUIRE(rq.JsonBody()["results"][0]["status"] == "rejected");

  ApiClient office(ward);
  std::string token = Login(office, "lan");
  CHECK(CountAudit(office, token, "conflicts") == 0);
  TestResponse conflicts = office.Get("/api/v1/conflicts", AuthHeaders(token));
  REQUIRE(conflicts.status == 200);
  REQUIRE(conflicts.JsonBody()["conflicts"].size() == 1);
  CHECK(CountAudit(office, token, "conflicts") == 1);

  TestResponse quarantine = office.Get("/api/v1/quarantine", AuthHeaders(token));
  REQUIRE(quarantine.status == 200);
  REQUIRE(quarantine.JsonBody()["quarantine"].size() == 1);
  CHECK(CountAudit(office, token, "quarantine") == 1);
  TestResponse audit =
      office.Get("/api/v1/audit?action=read_sensitive&limit=1000", AuthHeaders(token));
  CHECK(audit.body.find("bhyt_group") != std::string::npos);
  CHECK(audit.body.find(p) != std::string::npos);
}

TEST_CASE("api: lists without sensitive values write no audit entry", "[api][audit]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.OpenSession().status == 200);
  std::string h = NewUuid();
  REQUIRE(phone.Push(Json::array({phone.Change(h, "tdp-01", "floor_area_m2", "not a number")}))
              .status == 200);
  ApiClient office(ward);
  std::string token = Login(office, "lan");
  REQUIRE(office.Get("/api/v1/quarantine", AuthHeaders(token)).status == 200);
  CHECK(CountAudit(office, token, "quarantine") == 0);
}

}  // namespace sotay::testing
