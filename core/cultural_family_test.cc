#include "core/cultural_family.h"

#include <catch2/catch.hpp>

#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::Child;
using testing::LoadBundle;
using testing::Set;

Record FamilyAssessment() {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  return Child(b, "301");
}

TEST_CASE("A family meeting every criterion with a decision is recognised") {
  Record r = FamilyAssessment();
  CHECK(CulturalFamilyStatus(r) == CulturalStatus::kRecognised);
  Set(r, "decision_date", nullptr);
  CHECK(CulturalFamilyStatus(r) == CulturalStatus::kProposed);
  Set(r, "meeting_agreed", nullptr);
  CHECK(CulturalFamilyStatus(r) == CulturalStatus::kPending);
  Set(r, "meeting_agreed", false);
  CHECK(CulturalFamilyStatus(r) == CulturalStatus::kNotRecognised);
}

TEST_CASE("Each disqualifier alone makes the family not recognised") {
  REQUIRE(CulturalFamilyDisqualifiers().size() == 10);
  for (const CulturalItem& d : CulturalFamilyDisqualifiers()) {
    Record r = FamilyAssessment();
    Set(r, std::string(d.field), true);
    INFO(d.field);
    CHECK(CulturalFamilyStatus(r) == CulturalStatus::kNotRecognised);
    CHECK(std::string(d.source).find("Nghị định 86/2023/NĐ-CP") == 0);
  }
}

TEST_CASE("A criterion not met means not recognised; unanswered means pending") {
  for (const CulturalItem& c : CulturalFamilyCriteria()) {
    Record r = FamilyAssessment();
    Set(r, std::string(c.field), false);
    INFO(c.field);
    CHECK(CulturalFamilyStatus(r) == CulturalStatus::kNotRecognised);
    Set(r, std::string(c.field), nullptr);
    CHECK(CulturalFamilyStatus(r) == CulturalStatus::kPending);
  }
  // A disqualifier wins over unanswered criteria.
  Record r = FamilyAssessment();
  Set(r, "c1_law", nullptr);
  Set(r, "dq_fine_gambling", true);
  CHECK(CulturalFamilyStatus(r) == CulturalStatus::kNotRecognised);
}

TEST_CASE("The group record of tổ dân phố văn hóa") {
  Record g = testing::LoadRecord("cultural_group_tdp05_2026.json");
  CHECK(CulturalGroupStatus(g) == CulturalStatus::kRecognised);
  Set(g, "g3_environment", false);
  CHECK(CulturalGroupStatus(g) == CulturalStatus::kNotRecognised);
  CHECK(CulturalStatusCode(CulturalStatus::kNotRecognised) == "not_recognised");
}

}  // namespace
}  // namespace sotay
