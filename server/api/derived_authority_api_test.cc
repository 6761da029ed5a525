// The server is the authority on derived values, seen through the API: what a phone
// sends for a computed field is replaced by the core's value, a household edit reaches
// its assessment's classification, and the office's record, the phones' pulls and the
// indicators say the same.
#include <catch2/catch.hpp>

#include "core/date.h"
#include "server/store/fault_account_store.h"
#include "server/testing/api_test_util.h"

namespace sotay::testing {
namespace {

constexpr const char* kHouse = "7a000000-0000-4000-8000-000000000001";
constexpr const char* kHead = "7a000000-0000-4000-8000-000000000002";
constexpr const char* kPoverty = "7a000000-0000-4000-8000-000000000003";

// Changes of one record of `type` by `phone`.
Json Changes(Phone& phone, const std::string& type, const std::string& id,
             const std::string& parent, const Json& values) {
  Json out = Json::array();
  for (const auto& [field, value] : values.items()) {
    Json c = phone.Change(id, "tdp-01", field, value);
    c["record_type"] = type;
    c["parent_id"] = parent.empty() ? Json(nullptr) : Json(parent);
    out.push_back(std::move(c));
  }
  return out;
}

void Append(Json& to, const Json& more) {
  for (const Json& c : more) to.push_back(c);
}

// One indicator's row of a group.
Json Row(const Json& indicators, const std::string& id, const std::string& group) {
  for (const Json& v : indicators["values"]) {
    if (v["indicator"] == id && v["group_id"] == group) return v;
  }
  return nullptr;
}

std::string Year() { return VietnamToday(SystemClock::Default()).substr(0, 4); }

// A household of one retired person with a low income and three housing
// deprivations: poor by Nghị định 07/2021. The phone claims "above the line".
Json PoorHouseholdClaimedAbove(Phone& phone, int year) {
  Json changes = Changes(phone, "household", kHouse, "",
                         {{"address_street", "Phố Bắc Sơn"},
                          {"address_number", "170"},
                          {"housing_tenure", "owned"},
                          {"housing_type", "less_durable"},
                          {"floor_area_m2", 30},
                          {"water_source", "unprotected"},
                          {"latrine", "none"},
                          {"info_devices", {"tv", "smartphone"}},
                          {"waste_collected", true},
                          {"has_business", false}});
  Append(changes, Changes(phone, "person", kHead, kHouse,
                          {{"full_name", "Nguyễn Văn An"},
                           {"sex", "male"},
                           {"date_of_birth", "1950-03-04"},
                           {"relationship", "head"},
                           {"ethnicity", "01"},
                           {"residence_status", "permanent"},
                           {"labour_status", "retired"},
                           {"education_level", "upper_secondary"},
                           {"in_education", false},
                           {"disability", "none"},
                           {"bhyt_has_card", true},
                           {"bhyt_expiry", std::to_string(year + 1) + "-12-31"},
                           {"bhyt_group", "household"},
                           {"bhxh", "none"},
                           {"has_smartphone_internet", true},
                           {"vneid_level2", true},
                           {"bdhvs_course_done", false},
                           {"online_service_12m", false}}));
  Append(changes, Changes(phone, "assessment.poverty", kPoverty, kHouse,
                          {{"period", year},
                           {"review_date", Year() + "-01-02"},
                           {"area", "urban"},
                           {"income_total_month", 1'000'000},
                           {"classification", "above"},
                           {"deprivation_count", 0}}));
  return changes;
}

TEST_CASE("derived values: the server replaces a tampered classification and follows edits",
          "[api][derived]") {
  WardServer ward;
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.enroll.status == 201);
  REQUIRE(phone.OpenSession().status == 200);
  ApiClient office(ward);
  const std::string token = Login(office, "lan");
  const int year = std::stoi(Year());

  Json changes = PoorHouseholdClaimedAbove(phone, year);
  TestResponse pushed = phone.Push(changes);
  REQUIRE(pushed.status == 200);
  const Json answer = pushed.JsonBody();
  for (const Json& r : answer["results"]) CHECK(r["status"] == "applied");

  auto record = [&](const std::string& id) {
    TestResponse r = office.Get("/api/v1/records/" + id, AuthHeaders(token));
    REQUIRE(r.status == 200);
    return r.JsonBody();
  };
  auto indicators = [&] {
    TestResponse r = office.Get("/api/v1/indicators?period=" + Year(), AuthHeaders(token));
    REQUIRE(r.status == 200);
    return r.JsonBody();
  };
  auto value = [](const Json& rec, const std::string& field) {
    const Json& f = rec["record"]["fields"][field];
    return f.is_object() && f.contains("value") ? f["value"] : f;
  };

  // The office reads the core's classification, the one the indicators count.
  Json poverty = record(kPoverty);
  INFO(poverty.dump());
  CHECK(value(poverty, "classification") == "poor");
  CHECK(value(poverty, "deprivation_count").get<int>() >= 3);
  Json ind = indicators();
  CHECK(Row(ind, "poverty.poor", "tdp-01")["numerator"] == 1);
  CHECK(Row(ind, "8b", "tdp-01")["numerator"] == 0);
  // The replaced value is flagged for review, naming both values.
  CHECK(poverty.dump().find("derived_replaced") != std::string::npos);

  // Phones pull the server's value.
  Json pull = phone.Get("/api/v1/sync/pull?since=0&limit=5000").JsonBody();
  std::string pulled;
  for (const Json& c : pull["changes"]) {
    if (c["record_id"] == kPoverty && c["field"] == "classification") pulled = c["value"];
  }
  CHECK(pulled == "poor");

  // The household is repaired (the assessment is not touched): its classification
  // follows on the server, and so do the indicators.
  Json repair =
      Changes(phone, "household", kHouse, "",
              {{"housing_type", "permanent"}, {"water_source", "piped"}, {"latrine", "septic"}});
  REQUIRE(phone.Push(repair).status == 200);
  poverty = record(kPoverty);
  CHECK(value(poverty, "classification") == "near_poor");
  ind = indicators();
  CHECK(Row(ind, "poverty.poor", "tdp-01")["numerator"] == 0);
  CHECK(Row(ind, "8b", "tdp-01")["numerator"] == 1);
}

TEST_CASE("derived values: a push whose review flag cannot be written is not kept",
          "[api][derived][faults]") {
  // The flag of the replaced classification is written on the push's connection, in its
  // transaction: when that write fails, the phone gets the store's error and nothing of
  // the push stays; sent again, it applies once, flag included.
  std::unique_ptr<FaultInjectingAccountStore> faulty;
  WardServer ward(2, [&](ServeOptions& o) {
    o.push_accounts = [&](AccountStore& writer_accounts) -> AccountStore& {
      faulty = std::make_unique<FaultInjectingAccountStore>(writer_accounts);
      return *faulty;
    };
  });
  REQUIRE(faulty != nullptr);
  Phone phone(ward, AddCode(ward.db_path, "leader", {"tdp-01"}));
  REQUIRE(phone.enroll.status == 201);
  REQUIRE(phone.OpenSession().status == 200);
  ApiClient office(ward);
  const std::string token = Login(office, "lan");
  const Json changes = PoorHouseholdClaimedAbove(phone, std::stoi(Year()));

  faulty->FailNth(1, Status::Error("store_io", "lỗi đĩa", "disk I/O error"));
  TestResponse failed = phone.Push(changes);
  CHECK(failed.status == 503);
  CHECK(ErrorCodeOf(failed) == "store_io");
  CHECK(faulty->mutating_calls() == 1);  // the flag was the account write that failed
  CHECK(office.Get(std::string("/api/v1/records/") + kPoverty, AuthHeaders(token)).status == 404);
  CHECK(office.Get(std::string("/api/v1/records/") + kHouse, AuthHeaders(token)).status == 404);

  faulty->Disarm();
  TestResponse pushed = phone.Push(changes);
  REQUIRE(pushed.status == 200);
  const Json answer = pushed.JsonBody();  // kept: the loop reads inside it
  for (const Json& r : answer["results"]) CHECK(r["status"] == "applied");
  TestResponse poverty = office.Get(std::string("/api/v1/records/") + kPoverty, AuthHeaders(token));
  REQUIRE(poverty.status == 200);
  CHECK(poverty.body.find("derived_replaced") != std::string::npos);
}

}  // namespace
}  // namespace sotay::testing
