#include "core/working_age.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

TEST_CASE("Retirement age follows the roadmap of Nghị định 135/2020") {
  CHECK(RetirementAgeMonths(2020, Sex::kMale) == 60 * 12);
  CHECK(RetirementAgeMonths(2021, Sex::kMale) == 60 * 12 + 3);
  CHECK(RetirementAgeMonths(2026, Sex::kMale) == 61 * 12 + 6);
  CHECK(RetirementAgeMonths(2028, Sex::kMale) == 62 * 12);
  CHECK(RetirementAgeMonths(2040, Sex::kMale) == 62 * 12);
  CHECK(RetirementAgeMonths(2021, Sex::kFemale) == 55 * 12 + 4);
  CHECK(RetirementAgeMonths(2026, Sex::kFemale) == 57 * 12);
  CHECK(RetirementAgeMonths(2027, Sex::kFemale) == 57 * 12 + 4);
  CHECK(RetirementAgeMonths(2035, Sex::kFemale) == 60 * 12);
  CHECK(RetirementAgeMonths(2040, Sex::kFemale) == 60 * 12);
}

TEST_CASE("Ages in completed months and years") {
  CHECK(AgeInMonths("2000-01-15", "2000-02-14") == 0);
  CHECK(AgeInMonths("2000-01-15", "2000-02-15") == 1);
  CHECK(AgeInMonths("2000-01-31", "2001-02-28") == 13);  // last day of a short month
  CHECK(AgeInYears("2011-03-10", "2026-03-09") == 14);
  CHECK(AgeInYears("2011-03-10", "2026-03-10") == 15);
  CHECK_FALSE(AgeInYears("2026-03-10", "2026-03-09").has_value());
  CHECK_FALSE(AgeInYears("2026-02-30", "2026-03-09").has_value());
}

TEST_CASE("Working age in 2026: from 15 to 61y6m (men) or 57y (women)") {
  CHECK(IsWorkingAge("2011-03-10", Sex::kMale, "2026-03-09") == false);
  CHECK(IsWorkingAge("2011-03-10", Sex::kMale, "2026-03-10") == true);
  CHECK(IsWorkingAge("1965-01-15", Sex::kMale, "2026-07-14") == true);     // 61y5m
  CHECK(IsWorkingAge("1965-01-15", Sex::kMale, "2026-07-15") == false);    // 61y6m
  CHECK(IsWorkingAge("1969-06-01", Sex::kFemale, "2026-05-31") == true);   // 56y11m
  CHECK(IsWorkingAge("1969-06-01", Sex::kFemale, "2026-06-01") == false);  // 57y
  CHECK(IsWorkingAge("1969-06-01", Sex::kFemale, "2027-05-31") == false);  // 57y11m ≥ 57y4m
  CHECK_FALSE(IsWorkingAge("bad", Sex::kFemale, "2026-06-01").has_value());
  CHECK(ParseSex("female") == Sex::kFemale);
  CHECK_FALSE(ParseSex("2").has_value());
}

}  // namespace
}  // namespace sotay
