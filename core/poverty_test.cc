// Worked examples of the poverty classification, each answer computed by hand.
//
// The base household (tests/fixtures/households/tran_thanh_ngo_12.json) has five
// members on the review date 2026-10-15: Hùng 48 (wage worker with contract), Lan 45
// (self-employed), Minh Anh 17 (student), Bảo 10 (primary school), Hoa 75 (retired);
// a semi-permanent house of 60 m² (12 m²/person), piped water, septic latrine, TV and
// smartphone, waste collected; every card valid. It is deprived on nothing.
#include "core/poverty.h"

#include <catch2/catch.hpp>

#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::AddChildMember;
using testing::Child;
using testing::LoadBundle;
using testing::Set;

constexpr const char* kBase = "households/tran_thanh_ngo_12.json";
constexpr const char* kPoverty = "201";  // suffix of the 2026 assessment's id

HouseholdBundle Base(int64_t income_per_person) {
  HouseholdBundle b = LoadBundle(kBase);
  Set(Child(b, kPoverty), "income_total_month", income_per_person * 5);
  return b;
}

Deprivation StateOf(const PovertyResult& r, const std::string& code) {
  for (const IndicatorOutcome& i : r.indicators) {
    if (i.code == code) return i.state;
  }
  FAIL("indicator " << code << " not evaluated");
  return Deprivation::kUnknown;
}

// Three deprivations that need no member changes: house, water, latrine.
void DepriveHousing(HouseholdBundle& b) {
  Set(b.household, "housing_type", "less_durable");
  Set(b.household, "water_source", "unprotected");
  Set(b.household, "latrine", "none");
}

TEST_CASE("Poverty standards are chosen by period and name their sources") {
  REQUIRE(PovertyStandardFor(2026) != nullptr);
  CHECK(PovertyStandardFor(2026)->id == "nd07-2021");
  CHECK(PovertyStandardFor(2022)->id == "nd07-2021");
  CHECK(PovertyStandardFor(2027)->id == "nd351-2025");
  CHECK(PovertyStandardFor(2030)->id == "nd351-2025");
  CHECK(PovertyStandardFor(2021) == nullptr);
  CHECK(PovertyStandardFor(2031) == nullptr);
  const PovertyStandard& nd07 = *PovertyStandardFor(2026);
  CHECK(nd07.urban_line == 2'000'000);
  CHECK(nd07.rules.size() == 12);
  const PovertyStandard& nd351 = *PovertyStandardFor(2027);
  CHECK(nd351.urban_line == 2'800'000);
  CHECK(nd351.rules.size() == 13);
  for (const PovertyStandard& s : PovertyStandards()) {
    for (const DeprivationRule& r : s.rules) {
      INFO(s.id << " " << r.code);
      CHECK(std::string(r.source).find(std::string(s.name)) == 0);
    }
  }
}

TEST_CASE("Base household: no deprivation, income above the average line") {
  PovertyResult r = ClassifyPoverty(Base(4'400'000), 2026, testing::RepoSchemas());
  CHECK(r.standard_id == "nd07-2021");
  CHECK(r.reference_date == "2026-10-15");
  CHECK(r.members == 5);
  CHECK(r.deprived == 0);
  CHECK(r.unknown == 0);
  CHECK(r.income_per_capita == 4'400'000);
  CHECK(r.classification == PovertyClass::kAbove);
}

TEST_CASE("Income on both sides of the 2026 urban line (2,000,000)") {
  // Case 1: 1.8M, no deprivation → near-poor.
  CHECK(ClassifyPoverty(Base(1'800'000), 2026, testing::RepoSchemas()).classification ==
        PovertyClass::kNearPoor);
  // Case 2: exactly 2.0M and 3 deprivations → poor (≤ line).
  HouseholdBundle b = Base(2'000'000);
  DepriveHousing(b);
  PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
  CHECK(r.deprived == 3);
  CHECK(r.classification == PovertyClass::kPoor);
  // Case 3: one đồng per person above the line → average, whatever the deprivations.
  Set(Child(b, kPoverty), "income_total_month", 2'000'001 * 5);
  CHECK(ClassifyPoverty(b, 2026, testing::RepoSchemas()).classification == PovertyClass::kAverage);
  // Case 4: 3.0M is still average; 3,000,001 is above.
  CHECK(ClassifyPoverty(Base(3'000'000), 2026, testing::RepoSchemas()).classification ==
        PovertyClass::kAverage);
  CHECK(ClassifyPoverty(Base(3'000'001), 2026, testing::RepoSchemas()).classification ==
        PovertyClass::kAbove);
}

TEST_CASE("Two deprivations under the line is near-poor, three is poor") {
  HouseholdBundle b = Base(1'500'000);
  Set(b.household, "housing_type", "makeshift");
  Set(b.household, "latrine", "unhygienic");
  PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
  CHECK(r.deprived == 2);
  CHECK(r.classification == PovertyClass::kNearPoor);
  Set(b.household, "floor_area_m2", 39.5);  // 7.9 m² per person
  r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
  CHECK(r.deprived == 3);
  CHECK(StateOf(r, "floor_area") == Deprivation::kDeprived);
  CHECK(r.classification == PovertyClass::kPoor);
}

TEST_CASE("Each 2026 indicator: deprived and not deprived") {
  HouseholdBundle b = Base(1'000'000);

  SECTION("employment: a working-age member unemployed; a man of 75 does not count") {
    Set(Child(b, "105"), "sex", "male");  // Hoa as a man of 75: not working age
    Set(Child(b, "105"), "labour_status", "unemployed");
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "employment") ==
          Deprivation::kNotDeprived);
    Set(Child(b, "102"), "labour_status", "wage_no_contract");
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "employment") ==
          Deprivation::kDeprived);
  }
  SECTION("employment: a woman of 57y1m is past the 2026 retirement age (57y)") {
    Set(Child(b, "102"), "date_of_birth", "1969-09-14");  // 57y1m on 2026-10-15
    Set(Child(b, "102"), "labour_status", "unemployed");
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "employment") ==
          Deprivation::kNotDeprived);
    Set(Child(b, "102"), "date_of_birth", "1969-10-16");  // 56y11m
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "employment") ==
          Deprivation::kDeprived);
  }
  SECTION("dependants: 3 of 5 (> 50%) deprived; 2 of 5 not") {
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "dependants") ==
          Deprivation::kNotDeprived);
    Set(Child(b, "102"), "disability", "very_severe");
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "dependants") ==
          Deprivation::kDeprived);
  }
  SECTION("nutrition: a child under 16 underweight") {
    Set(Child(b, "104"), "malnourished", true);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "nutrition") ==
          Deprivation::kDeprived);
  }
  SECTION("BHYT: card expired before the review date, at 6+; a child of 5 is exempt") {
    Set(Child(b, "104"), "date_of_birth", "2021-01-01");  // 5 on the review date
    Set(Child(b, "104"), "bhyt_has_card", false);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "health_insurance") ==
          Deprivation::kNotDeprived);
    Set(Child(b, "101"), "bhyt_expiry", "2026-10-14");  // one day before the review
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "health_insurance") ==
          Deprivation::kDeprived);
    Set(Child(b, "101"), "bhyt_expiry", "2026-10-15");  // valid through the review date
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "health_insurance") ==
          Deprivation::kNotDeprived);
  }
  SECTION("adult education: 20 with lower secondary, out of school") {
    Set(Child(b, "103"), "date_of_birth", "2006-02-11");  // 20
    Set(Child(b, "103"), "in_education", false);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "adult_education") ==
          Deprivation::kDeprived);
    Set(Child(b, "103"), "education_level", "vocational_elementary");
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "adult_education") ==
          Deprivation::kNotDeprived);
  }
  SECTION("child schooling: a child of 10 behind the age level") {
    Set(Child(b, "104"), "school_attendance", "behind");
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "child_schooling") ==
          Deprivation::kDeprived);
  }
  SECTION("floor area: 40 m² for 5 is exactly 8 m² (not deprived), 39.9 is") {
    Set(b.household, "floor_area_m2", 40);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "floor_area") ==
          Deprivation::kNotDeprived);
    Set(b.household, "floor_area_m2", 39.9);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "floor_area") ==
          Deprivation::kDeprived);
  }
  SECTION("house, water, latrine") {
    DepriveHousing(b);
    PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
    CHECK(StateOf(r, "housing_quality") == Deprivation::kDeprived);
    CHECK(StateOf(r, "water") == Deprivation::kDeprived);
    CHECK(StateOf(r, "latrine") == Deprivation::kDeprived);
  }
  SECTION("telecom: nobody uses the internet") {
    for (const char* id : {"101", "102", "103"})
      Set(Child(b, id), "has_smartphone_internet", false);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "telecom") ==
          Deprivation::kDeprived);
  }
  SECTION("information devices: none") {
    Set(b.household, "info_devices", Json::array({"none"}));
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "info_devices") ==
          Deprivation::kDeprived);
  }
}

TEST_CASE("2027 uses Nghị định 351/2025: 2.8M line, devices dropped, digital and waste added") {
  // 2.5M per person: average in 2026 (> 2.0M), near-poor in 2027 (≤ 2.8M).
  HouseholdBundle b = Base(2'500'000);
  for (Record& r : b.children) {
    if (r.type == "person") Set(r, "bhyt_expiry", "2027-12-31");  // valid in both reviews
  }
  Record p2027 = Child(b, kPoverty);
  p2027.id = "8f0c2a1e-0000-4000-8000-000000000202";
  Set(p2027, "period", 2027);
  Set(p2027, "review_date", "2027-10-15");
  b.children.push_back(p2027);
  CHECK(ClassifyPoverty(b, 2026, testing::RepoSchemas()).classification == PovertyClass::kAverage);
  PovertyResult r = ClassifyPoverty(b, 2027, testing::RepoSchemas());
  CHECK(r.standard_id == "nd351-2025");
  CHECK(r.classification == PovertyClass::kNearPoor);

  // No device, house and water deprived: 3 in 2026, 2 in 2027 (devices dropped).
  Set(b.household, "info_devices", Json::array({"none"}));
  Set(b.household, "housing_type", "makeshift");
  Set(b.household, "water_source", "unprotected");
  Set(Child(b, kPoverty), "income_total_month", 1'900'000 * 5);
  Set(b.children.back(), "income_total_month", 1'900'000 * 5);
  CHECK(ClassifyPoverty(b, 2026, testing::RepoSchemas()).classification == PovertyClass::kPoor);
  r = ClassifyPoverty(b, 2027, testing::RepoSchemas());
  CHECK(r.deprived == 2);
  CHECK(r.classification == PovertyClass::kNearPoor);
  // Waste dumped and nobody used a digital service: 4 in 2027 → poor.
  Set(b.household, "waste_collected", false);
  Set(b.household, "waste_self_treatment", "dump");
  Set(Child(b, "101"), "online_service_12m", false);
  r = ClassifyPoverty(b, 2027, testing::RepoSchemas());
  CHECK(StateOf(r, "waste") == Deprivation::kDeprived);
  CHECK(StateOf(r, "digital_services") == Deprivation::kDeprived);
  CHECK(r.deprived == 4);
  CHECK(r.classification == PovertyClass::kPoor);
}

TEST_CASE("Rural line and missing data") {
  HouseholdBundle b = Base(1'600'000);
  Set(Child(b, kPoverty), "area", "rural");  // 1.5M line, 2.25M average
  CHECK(ClassifyPoverty(b, 2026, testing::RepoSchemas()).classification == PovertyClass::kAverage);

  SECTION("no income → unknown") {
    Set(Child(b, kPoverty), "income_total_month", nullptr);
    PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
    CHECK(r.classification == PovertyClass::kUnknown);
    CHECK_FALSE(r.note_en.empty());
  }
  SECTION("under the line, 2 deprived + 1 unanswered → unknown; answered → near-poor") {
    Set(Child(b, kPoverty), "area", "urban");
    Set(b.household, "housing_type", "makeshift");
    Set(b.household, "latrine", "none");
    Set(b.household, "water_source", nullptr);
    PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
    CHECK(r.deprived == 2);
    CHECK(r.unknown == 1);
    CHECK(r.classification == PovertyClass::kUnknown);
    Set(b.household, "water_source", "protected_well");
    CHECK(ClassifyPoverty(b, 2026, testing::RepoSchemas()).classification ==
          PovertyClass::kNearPoor);
  }
  SECTION("no assessment for the period, or no standard") {
    CHECK(ClassifyPoverty(b, 2025, testing::RepoSchemas()).classification ==
          PovertyClass::kUnknown);
    CHECK(ClassifyPoverty(b, 2031, testing::RepoSchemas()).standard_id.empty());
  }
}

// The review date of the base household is 2026-10-15. The person form asks about
// internet use from 6 and schooling from 3 (schemas/person.json); the rule asks the
// form who is asked, on the review date.
TEST_CASE("A member the form does not ask is not a user, never unknown") {
  HouseholdBundle b = Base(1'000'000);  // under the line: the indicators decide
  for (const char* id : {"101", "102", "103"}) Set(Child(b, id), "has_smartphone_internet", false);
  Record& small = AddChildMember(b, "106", "2022-03-01");  // 4 on the review date
  Set(small, "in_education", true);
  Set(small, "school_attendance", "right_level");

  SECTION("a four-year-old and no internet user among the others: deprived") {
    PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
    CHECK(StateOf(r, "telecom") == Deprivation::kDeprived);
    CHECK(r.unknown == 0);
    CHECK(r.deprived == 1);
    CHECK(r.classification == PovertyClass::kNearPoor);
    CHECK(PovertyResultFields(r)["unknown_indicators"] == Json::array());
  }
  SECTION("a seven-year-old is asked: unanswered stays unknown, answered decides") {
    Set(small, "date_of_birth", "2019-03-01");
    Set(small, "education_level", "none");
    PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
    CHECK(StateOf(r, "telecom") == Deprivation::kUnknown);
    Set(small, "has_smartphone_internet", true);
    CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "telecom") ==
          Deprivation::kNotDeprived);
  }
  SECTION("a child under 3 is not asked about school") {
    Set(small, "date_of_birth", "2024-01-01");
    Set(small, "in_education", nullptr);
    Set(small, "school_attendance", nullptr);
    PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
    CHECK(StateOf(r, "child_schooling") == Deprivation::kNotDeprived);
    CHECK(StateOf(r, "telecom") == Deprivation::kDeprived);
    CHECK(r.unknown == 0);
  }
  SECTION("without the person form every question counts as asked") {
    const SchemaSet none;
    CHECK(StateOf(ClassifyPoverty(b, 2026, none), "telecom") == Deprivation::kUnknown);
  }
}

TEST_CASE("Poor by income with three deprivations and a small child: poor") {
  HouseholdBundle b = Base(1'000'000);
  Set(b.household, "housing_type", "makeshift");
  Set(b.household, "water_source", "unprotected");
  for (const char* id : {"101", "102", "103"}) Set(Child(b, id), "has_smartphone_internet", false);
  Record& small = AddChildMember(b, "106", "2022-03-01");
  Set(small, "in_education", false);
  Set(small, "school_attendance", "right_level");
  Set(Child(b, kPoverty), "income_total_month", 1'000'000 * 6);
  PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
  CHECK(r.members == 6);
  CHECK(r.deprived == 3);  // house, water, nobody uses the internet
  CHECK(r.unknown == 0);
  CHECK(r.classification == PovertyClass::kPoor);
}

TEST_CASE("Ages and who is asked are taken on the review date, not on another day") {
  HouseholdBundle b = Base(4'400'000);
  for (const char* id : {"101", "102", "103"}) Set(Child(b, id), "has_smartphone_internet", false);
  // 5 on the review date 2026-10-15, 6 from 2026-11-01.
  Record& child = AddChildMember(b, "106", "2020-11-01");
  Set(child, "in_education", true);
  Set(child, "school_attendance", "right_level");
  CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "telecom") ==
        Deprivation::kDeprived);
  // A later review date: now 6, asked, and unanswered.
  Set(Child(b, kPoverty), "review_date", "2026-11-20");
  CHECK(StateOf(ClassifyPoverty(b, 2026, testing::RepoSchemas()), "telecom") ==
        Deprivation::kUnknown);
}

TEST_CASE("A member born after the review date is not counted for that review") {
  HouseholdBundle b = Base(1'000'000);
  Record& baby = AddChildMember(b, "106", "2026-11-02");  // after 2026-10-15
  Set(baby, "malnourished", nullptr);
  PovertyResult r = ClassifyPoverty(b, 2026, testing::RepoSchemas());
  CHECK(r.members == 5);
  CHECK(r.unknown == 0);
  CHECK(r.classification == PovertyClass::kNearPoor);
}

TEST_CASE("The member questions of the indicators are fields of the person form") {
  const FormDef* person = testing::RepoSchemas().FindForm("person");
  REQUIRE(person != nullptr);
  for (const MemberQuestion& q : PovertyMemberQuestions()) {
    INFO(q.indicator << " " << q.field);
    CHECK(person->FindField(q.field) != nullptr);
    bool known = false;
    for (const PovertyStandard& s : PovertyStandards()) {
      for (const DeprivationRule& r : s.rules) known = known || r.code == q.indicator;
    }
    CHECK(known);
  }
}

TEST_CASE("PovertyResultFields gives the form's read-only fields") {
  HouseholdBundle b = Base(1'000'000);
  DepriveHousing(b);
  Json f = PovertyResultFields(ClassifyPoverty(b, 2026, testing::RepoSchemas()));
  CHECK(f["classification"] == "poor");
  CHECK(f["standard"] == "nd07-2021");
  CHECK(f["deprivation_count"] == 3);
  CHECK(f["income_per_capita_month"] == 1'000'000);
  CHECK(f["deprived_indicators"] == Json::array({"housing_quality", "water", "latrine"}));
  CHECK(f["unknown_indicators"] == Json::array());
}

}  // namespace
}  // namespace sotay
