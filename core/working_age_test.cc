#include "core/working_age.h"

#include <catch2/catch.hpp>

#include "core/date.h"

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

TEST_CASE("The day working age ends by reaching the retirement age") {
  // 2026: men 61y6m. Born 31/10/1964: 738 months after is April 2026, which has no 31st,
  // so the month completes on its last day.
  CHECK(WorkingAgeEndsOn("1964-10-31", Sex::kMale, 2026) == "2026-04-30");
  CHECK(*IsWorkingAge("1964-10-31", Sex::kMale, "2026-04-29"));
  CHECK_FALSE(*IsWorkingAge("1964-10-31", Sex::kMale, "2026-04-30"));
  // Women 57y in 2026.
  CHECK(WorkingAgeEndsOn("1969-03-15", Sex::kFemale, 2026) == "2026-03-15");
  // Reached in 2025 (at 2025's threshold it would be in 2026: not this year's business).
  CHECK(WorkingAgeEndsOn("1964-06-15", Sex::kMale, 2026) == std::nullopt);
  // Reached only after 2026.
  CHECK(WorkingAgeEndsOn("1970-01-01", Sex::kMale, 2026) == std::nullopt);
  CHECK(WorkingAgeEndsOn("1970-02-30", Sex::kMale, 2026) == std::nullopt);
}

TEST_CASE("WorkingAgeEndsOn is the day the months reach the threshold, for every birth day") {
  const int64_t year = 2026;
  const int64_t first = *ParseDate("2026-01-01");
  const int64_t last = *ParseDate("2026-12-31");
  int found = 0;
  for (Sex sex : {Sex::kMale, Sex::kFemale}) {
    const int64_t threshold = RetirementAgeMonths(year, sex);
    for (int64_t b = *ParseDate("1963-06-01"); b <= *ParseDate("1970-06-30"); ++b) {
      const std::string birth = FormatDate(b);
      std::optional<std::string> expected;
      for (int64_t d = first; d <= last && !expected; ++d) {
        if (*AgeInMonths(birth, FormatDate(d)) >= threshold &&
            *AgeInMonths(birth, FormatDate(d - 1)) < threshold) {
          expected = FormatDate(d);
        }
      }
      INFO(birth);
      REQUIRE(WorkingAgeEndsOn(birth, sex, year) == expected);
      if (expected) ++found;
    }
  }
  CHECK(found == 2 * 365);  // one birth year's worth per sex ends in 2026
}

}  // namespace
}  // namespace sotay
