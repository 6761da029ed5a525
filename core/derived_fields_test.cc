#include "core/derived_fields.h"

#include <catch2/catch.hpp>

#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::Child;
using testing::LoadBundle;
using testing::Set;

constexpr const char* kBase = "households/tran_thanh_ngo_12.json";

TEST_CASE("Derived poverty fields follow the record being typed, not its stored copy") {
  HouseholdBundle b = LoadBundle(kBase);
  Record edited = Child(b, "201");
  // 5 members, 1.5M each: under the 2026 urban line (2M); the stored copy is above it.
  Set(edited, "income_total_month", 7'500'000);
  Set(b.household, "housing_type", "less_durable");
  Set(b.household, "water_source", "unprotected");
  Set(b.household, "latrine", "none");
  Json f = DerivedFields(testing::RepoSchemas(), b, edited);
  CHECK(f["classification"] == "poor");
  CHECK(f["standard"] == "nd07-2021");
  CHECK(f["income_per_capita_month"] == 1'500'000);
  CHECK(f["deprivation_count"] == 3);

  SECTION("a new assessment (no stored copy, not yet linked) is classified too") {
    edited.id = "8f0c2a1e-0000-4000-8000-000000000299";
    edited.parent_id.clear();
    CHECK(DerivedFields(testing::RepoSchemas(), b, edited)["classification"] == "poor");
  }
  SECTION("the 2027 standard applies to a 2027 assessment") {
    Set(edited, "period", 2027);
    CHECK(DerivedFields(testing::RepoSchemas(), b, edited)["standard"] == "nd351-2025");
  }
  SECTION("no period: nothing to compute") {
    Set(edited, "period", nullptr);
    CHECK(DerivedFields(testing::RepoSchemas(), b, edited) == Json::object());
  }
}

TEST_CASE("Derived cultural statuses; other forms have none") {
  HouseholdBundle b = LoadBundle(kBase);
  Record family = Child(b, "301");
  CHECK(DerivedFields(testing::RepoSchemas(), b, family)["status"] == "recognised");
  Set(family, "decision_date", nullptr);
  CHECK(DerivedFields(testing::RepoSchemas(), b, family)["status"] == "proposed");
  CHECK(DerivedFields(testing::RepoSchemas(), b, Child(b, "101")) == Json::object());
  CHECK(DerivedFields(testing::RepoSchemas(), b, b.household) == Json::object());

  Record group = testing::LoadRecord("cultural_group_tdp05_2026.json");
  CHECK(DerivedFields(testing::RepoSchemas(), HouseholdBundle{}, group).contains("status"));
}

TEST_CASE("IsDerivedField names exactly the computed fields") {
  CHECK(IsDerivedField("assessment.poverty", "classification"));
  CHECK(IsDerivedField("assessment.poverty", "deprived_indicators"));
  CHECK_FALSE(IsDerivedField("assessment.poverty", "income_total_month"));
  CHECK(IsDerivedField("assessment.cultural_family", "status"));
  CHECK(IsDerivedField("assessment.cultural_group", "status"));
  CHECK_FALSE(IsDerivedField("person", "status"));
}

}  // namespace
}  // namespace sotay
