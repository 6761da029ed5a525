// The real forms of schemas/ load through the schema engine, realistic filled records
// of every form validate, and deliberately wrong ones fail with the expected field and
// code. The values computed by core (poverty classification, cultural status) are
// written into the records first, so they are checked against the forms' code lists.
#include <catch2/catch.hpp>

#include "core/cultural_family.h"
#include "core/poverty.h"
#include "core/schema.h"
#include "core/validate.h"
#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::Child;
using testing::LoadBundle;
using testing::Set;

constexpr const char* kToday = "2026-12-10";

const SchemaSet& Schemas() {
  static const Result<SchemaSet> set = SchemaSet::LoadDirectory(SOTAY_SCHEMA_DIR);
  INFO(set.status().ToString());
  REQUIRE(set.ok());
  return *set;
}

// Writes the form's calculations and core's computed fields into every record.
void Complete(HouseholdBundle& b) {
  for (Record& c : b.children) {
    if (c.type == kPovertyType) {
      const int64_t period = c.Get("period").get<int64_t>();
      const Json fields = PovertyResultFields(ClassifyPoverty(b, period, Schemas()));
      for (const auto& [k, v] : fields.items()) Set(c, k, v);
    }
    if (c.type == kCulturalFamilyType) {
      Set(c, "status", std::string(CulturalStatusCode(CulturalFamilyStatus(c))));
    }
  }
  VectorChildLookup children(b.children);
  std::vector<Record*> all = {&b.household};
  for (Record& c : b.children) all.push_back(&c);
  for (Record* r : all) {
    Result<std::vector<CalculatedValue>> calc = ApplyCalculations(Schemas(), *r, children, kToday);
    REQUIRE(calc.ok());
    for (const CalculatedValue& v : *calc) Set(*r, v.field, v.value);
  }
}

std::vector<ValidationIssue> Check(const HouseholdBundle& b, const Record& r) {
  VectorChildLookup children(b.children);
  return Validate(Schemas(), r, children, kToday);
}

std::string Describe(const std::vector<ValidationIssue>& issues) {
  std::string s;
  for (const ValidationIssue& i : issues) s += i.field + ":" + i.code + " ";
  return s;
}

// Exactly one issue, on `field` with `code`.
void ExpectIssue(const std::vector<ValidationIssue>& issues, const std::string& field,
                 const std::string& code) {
  INFO(Describe(issues));
  REQUIRE(issues.size() == 1);
  CHECK(issues[0].field == field);
  CHECK(issues[0].code == code);
}

TEST_CASE("Every form and code list of schemas/ loads") {
  const SchemaSet& s = Schemas();
  for (const char* type :
       {"household", "person", "assessment.poverty", "assessment.cultural_family",
        "assessment.drug_free", "assessment.cultural_group"}) {
    INFO(type);
    CHECK(s.FindForm(type) != nullptr);
  }
  REQUIRE(s.FindCodeList("ethnicity") != nullptr);
  CHECK(s.FindCodeList("ethnicity")->choices.size() == 54);
  CHECK(s.FindCodeList("ethnicity")->Find("04")->label.vi == "Mường");
  CHECK(s.FindCodeList("ethnicity")->Find("06")->label.vi == "Hoa");
  // Every poverty indicator code of both standards is in the form's code list.
  for (const PovertyStandard& st : PovertyStandards()) {
    CHECK(s.FindCodeList("poverty_standard")->Find(st.id) != nullptr);
    for (const DeprivationRule& r : st.rules) {
      INFO(r.code);
      CHECK(s.FindCodeList("poverty_indicator")->Find(r.code) != nullptr);
    }
  }
  // Every checklist item of core/cultural_family is a boolean field of its form.
  for (const CulturalItem& i : CulturalFamilyCriteria()) {
    CHECK(s.FindForm("assessment.cultural_family")->FindField(i.field) != nullptr);
  }
  for (const CulturalItem& i : CulturalFamilyDisqualifiers()) {
    const FieldDef* f = s.FindForm("assessment.cultural_family")->FindField(i.field);
    REQUIRE(f != nullptr);
    CHECK(f->sensitive);
  }
  for (const CulturalItem& i : CulturalGroupCriteria()) {
    CHECK(s.FindForm("assessment.cultural_group")->FindField(i.field) != nullptr);
  }
}

TEST_CASE("Sensitive and sealed fields are flagged") {
  const FormDef* person = Schemas().FindForm("person");
  CHECK(person->FindField("citizen_id")->sealed);
  CHECK(person->FindField("citizen_id")->sensitive);
  for (const char* f : {"bhyt_has_card", "bhyt_expiry", "disability", "malnourished", "bhxh"}) {
    INFO(f);
    CHECK(person->FindField(f)->sensitive);
  }
  CHECK(Schemas().FindForm("household")->FindField("phone")->sealed);
  CHECK(Schemas().FindForm("household")->FindField("notes")->sealed);
  CHECK(Schemas().FindForm("assessment.poverty")->FindField("income_total_month")->sensitive);
  CHECK(Schemas().FindForm("assessment.drug_free")->FindField("commitment_signed")->sensitive);
}

TEST_CASE("The drug-free form cannot hold a person's drug status") {
  const FormDef* f = Schemas().FindForm("assessment.drug_free");
  CHECK(f->children.empty());
  for (const FieldDef& d : f->fields) {
    INFO(d.name);
    CHECK(d.type != FieldType::kText);  // no free text that could name anyone
    CHECK(d.type != FieldType::kCitizenId);
  }
  for (const FieldDef& d : Schemas().FindForm("person")->fields) {
    CHECK(d.name.find("drug") == std::string::npos);
  }
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  Complete(b);
  Record r = Child(b, "401");
  Set(r, "drug_use", true);
  ExpectIssue(Check(b, r), "drug_use", "unknown_field");
  Record p = Child(b, "101");
  Set(p, "drug_status", "suspected");
  ExpectIssue(Check(b, p), "drug_status", "unknown_field");
}

TEST_CASE("A realistic household and all its records validate") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  Complete(b);
  CHECK(b.household.Get("member_count") == 5);
  CHECK(b.household.Get("head_count") == 1);
  CHECK(Child(b, "201").Get("classification") == "above");
  CHECK(Child(b, "301").Get("status") == "recognised");
  INFO(Describe(Check(b, b.household)));
  CHECK(Check(b, b.household).empty());
  for (const Record& c : b.children) {
    INFO(c.type << " " << c.id << ": " << Describe(Check(b, c)));
    CHECK(Check(b, c).empty());
  }
  HouseholdBundle none;
  Record g = testing::LoadRecord("cultural_group_tdp05_2026.json");
  Set(g, "status", std::string(CulturalStatusCode(CulturalGroupStatus(g))));
  INFO(Describe(Check(none, g)));
  CHECK(Check(none, g).empty());
}

TEST_CASE("Wrong records fail with the expected field and code") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  Complete(b);

  SECTION("citizen ID of 11 digits") {
    Record p = Child(b, "101");
    Set(p, "citizen_id", "03107800123");
    ExpectIssue(Check(b, p), "citizen_id", "invalid_citizen_id");
  }
  SECTION("ethnicity outside the 54 codes") {
    Record p = Child(b, "101");
    Set(p, "ethnicity", "55");
    ExpectIssue(Check(b, p), "ethnicity", "not_in_list");
  }
  SECTION("a card without its expiry date") {
    Record p = Child(b, "102");
    Set(p, "bhyt_expiry", nullptr);
    ExpectIssue(Check(b, p), "bhyt_expiry", "required");
  }
  SECTION("a birth date in the future") {
    Record p = Child(b, "104");
    Set(p, "date_of_birth", "2027-01-01");
    std::vector<ValidationIssue> issues = Check(b, p);
    INFO(Describe(issues));
    REQUIRE_FALSE(issues.empty());
    CHECK(issues[0].field == "date_of_birth");
    CHECK(issues[0].code == "constraint");
  }
  SECTION("two heads of household") {
    Set(Child(b, "102"), "relationship", "head");
    Complete(b);
    ExpectIssue(Check(b, b.household), "head_count", "constraint");
  }
  SECTION("floor area of zero") {
    Set(b.household, "floor_area_m2", 0);
    Complete(b);
    ExpectIssue(Check(b, b.household), "floor_area_m2", "out_of_range");
  }
  SECTION("a poverty review without income") {
    Record r = Child(b, "201");
    Set(r, "income_total_month", nullptr);
    ExpectIssue(Check(b, r), "income_total_month", "required");
  }
  SECTION("a poverty review with an unknown classification code") {
    Record r = Child(b, "201");
    Set(r, "classification", "very_poor");
    ExpectIssue(Check(b, r), "classification", "not_in_list");
  }
  SECTION("a cultural-family checklist item left unanswered") {
    Record r = Child(b, "301");
    Set(r, "dq_fine_gambling", nullptr);
    ExpectIssue(Check(b, r), "dq_fine_gambling", "required");
  }
  SECTION("a drug-free commitment without its date") {
    Record r = Child(b, "401");
    Set(r, "commitment_date", nullptr);
    ExpectIssue(Check(b, r), "commitment_date", "required");
  }
}

}  // namespace
}  // namespace sotay
