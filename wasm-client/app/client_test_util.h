// Helpers shared by the ClientApp tests (header only, tests only).
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/ids.h"
#include "core/schema.h"
#include "wasm-client/app/client_app.h"

namespace sotay::clienttest {

// 2026-06-01T00:00:00Z (07:00 in Vietnam, same day).
inline constexpr int64_t kJune2026 = 1780272000000;

// The real forms, as GET /api/v1/schemas serves them.
inline const Json& SchemasBody() {
  static const Json* body = [] {
    Result<SchemaSet> set = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
    REQUIRE(set.ok());
    Json j = set->ToClientJson();
    j["indicators"] = Json::array();
    return new Json(std::move(j));
  }();
  return *body;
}

struct Office {
  crypto::BoxKeyPair keys = crypto::GenerateBoxKeyPair();
};

inline std::unique_ptr<ClientApp> OpenApp(const std::string& path, const Clock& clock) {
  Result<std::unique_ptr<ClientApp>> app = ClientApp::Open({.db_path = path, .clock = &clock});
  INFO(app.status().ToString());
  REQUIRE(app.ok());
  return std::move(app).value();
}

// An app enrolled as a leader of `group` with the real forms loaded (`enroll` false:
// only reopened).
inline std::unique_ptr<ClientApp> EnrolledApp(const std::string& path, const Clock& clock,
                                              const Office& office, bool enroll = true,
                                              const std::string& group = "tdp-05") {
  std::unique_ptr<ClientApp> app = OpenApp(path, clock);
  if (!enroll) return app;
  REQUIRE(app->EnrollRequest("http://127.0.0.1:8080", "CODE", "Máy thử").ok());
  Json answer = {{"device_id", NewUuid()},
                 {"role", "leader"},
                 {"groups", {group}},
                 {"office_public_key", crypto::Base64Encode(office.keys.public_key)}};
  REQUIRE(app->CompleteEnrollment(answer).ok());
  REQUIRE(app->SetSchemas(SchemasBody()).ok());
  return app;
}

inline Json HouseholdValues(const std::string& street, const std::string& number) {
  return Json{{"address_street", street},  {"address_number", number},
              {"housing_tenure", "owned"}, {"housing_type", "permanent"},
              {"floor_area_m2", 60},       {"water_source", "piped"},
              {"latrine", "septic"},       {"info_devices", {"tv"}},
              {"waste_collected", true},   {"has_business", false}};
}

// An adult member with every answer the person form requires of an adult.
inline Json PersonValues(const std::string& name, const std::string& relationship,
                         const std::string& born) {
  return Json{{"full_name", name},
              {"sex", "male"},
              {"date_of_birth", born},
              {"relationship", relationship},
              {"ethnicity", "01"},
              {"residence_status", "permanent"},
              {"labour_status", "unemployed"},
              {"education_level", "upper_secondary"},
              {"in_education", false},
              {"disability", "none"},
              {"bhyt_has_card", true},
              {"bhyt_expiry", "2027-12-31"},
              {"bhyt_group", "household"},
              {"bhxh", "none"},
              {"has_smartphone_internet", true},
              {"vneid_level2", true},
              {"bdhvs_course_done", false},
              {"online_service_12m", false}};
}

// Saves a household with its head; returns the household's id.
inline std::string AddHousehold(ClientApp& app, const std::string& street,
                                const std::string& number, const std::string& head) {
  Result<Json> h = app.Save("household", "", "tdp-05", "", HouseholdValues(street, number));
  INFO(h.status().ToString());
  REQUIRE(h.ok());
  std::string id = (*h)["id"].get<std::string>();
  Result<Json> p = app.Save("person", "", "", id, PersonValues(head, "head", "1970-01-02"));
  INFO(p.status().ToString());
  REQUIRE(p.ok());
  return id;
}

}  // namespace sotay::clienttest
