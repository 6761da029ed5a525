// The form and the poverty rule take ages on the same date: a member whose birthday
// falls between the household's review date and today is asked by the form exactly
// what the rule needs from them.
#include "core/age_reference.h"

#include <catch2/catch.hpp>

#include <algorithm>

#include "core/poverty.h"
#include "core/validate.h"
#include "tests/fixtures/bundle_fixture.h"

namespace sotay {
namespace {

using testing::AddChildMember;
using testing::Child;
using testing::LoadBundle;
using testing::RepoSchemas;
using testing::Set;

constexpr const char* kToday = "2026-12-10";  // review date of the fixture: 2026-10-15
constexpr const char* kReview = "2026-10-15";

bool HasIssue(const std::vector<ValidationIssue>& issues, const std::string& field) {
  return std::any_of(issues.begin(), issues.end(),
                     [&](const ValidationIssue& i) { return i.field == field; });
}

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST_CASE("The age reference is this year's review date of the household, else today") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  VectorChildLookup lookup(b.children);
  CHECK(AgeReferenceDate(Child(b, "101"), lookup, kToday) == kReview);
  CHECK(AgeReferenceDate(b.household, lookup, kToday) == kReview);
  // Another year's assessment, no review date, a deleted one, other record types: today.
  CHECK(AgeReferenceDate(Child(b, "101"), lookup, "2027-01-05") == "2027-01-05");
  CHECK(AgeReferenceDate(Child(b, "201"), lookup, kToday) == kToday);
  Set(Child(b, "201"), "review_date", nullptr);
  CHECK(AgeReferenceDate(Child(b, "101"), VectorChildLookup(b.children), kToday) == kToday);
  Set(Child(b, "201"), "review_date", kReview);
  Child(b, "201").deleted = true;
  CHECK(AgeReferenceDate(Child(b, "101"), VectorChildLookup(b.children), kToday) == kToday);

  CHECK(PovertyReferenceDate(nullptr, 2026) == "2026-12-31");
  CHECK(PovertyReferenceDate(&Child(b, "201"), 2026) == kReview);
  CHECK(YearOfDate("2026-02-30") == std::nullopt);
}

TEST_CASE("Form and rule agree for a member whose birthday is between review and today") {
  HouseholdBundle b = LoadBundle("households/tran_thanh_ngo_12.json");
  Set(Child(b, "201"), "income_total_month", 1'000'000 * 6);
  for (const char* id : {"101", "102", "103"}) Set(Child(b, id), "has_smartphone_internet", false);
  // 5 on the review date, 6 today: not asked about internet use or education level.
  Record& child = AddChildMember(b, "106", "2020-11-01");
  Set(child, "in_education", true);
  Set(child, "school_attendance", "right_level");
  VectorChildLookup lookup(b.children);

  // The form (Validate and the calculations, as on the phone and the server).
  std::vector<ValidationIssue> issues = Validate(RepoSchemas(), child, lookup, kToday);
  CHECK_FALSE(HasIssue(issues, "has_smartphone_internet"));
  CHECK_FALSE(HasIssue(issues, "education_level"));
  CHECK(issues.empty());
  Result<std::vector<CalculatedValue>> calc =
      ApplyCalculations(RepoSchemas(), child, lookup, kToday);
  REQUIRE(calc.ok());
  REQUIRE(calc->size() == 1);
  CHECK((*calc)[0].field == "age");
  CHECK((*calc)[0].value == 5);
  // An answer given anyway is not relevant: cleared on save, like any other.
  Record answered = child;
  Set(answered, "has_smartphone_internet", true);
  CHECK(IrrelevantValues(RepoSchemas(), answered, lookup, kToday) ==
        std::vector<std::string>{"has_smartphone_internet"});

  // The rule, on the same date: not asked, so not a user; classified.
  CHECK(Contains(NotAskedFields(RepoSchemas(), child, NoChildren(), kReview, kReview),
                 "has_smartphone_internet"));
  PovertyResult r = ClassifyPoverty(b, 2026, RepoSchemas());
  CHECK(r.reference_date == kReview);
  CHECK(r.unknown == 0);
  CHECK(r.classification != PovertyClass::kUnknown);

  // Without this year's assessment the form takes ages today: 6, asked, required.
  Set(Child(b, "201"), "period", 2025);
  VectorChildLookup without(b.children);
  issues = Validate(RepoSchemas(), child, without, kToday);
  CHECK(HasIssue(issues, "has_smartphone_internet"));
  CHECK(HasIssue(issues, "education_level"));
}

}  // namespace
}  // namespace sotay
