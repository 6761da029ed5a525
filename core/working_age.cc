#include "core/working_age.h"

#include <algorithm>

#include "core/date.h"

namespace sotay {

std::optional<Sex> ParseSex(std::string_view code) {
  if (code == "male") return Sex::kMale;
  if (code == "female") return Sex::kFemale;
  return std::nullopt;
}

int64_t RetirementAgeMonths(int64_t year, Sex sex) {
  // Nghị định 135/2020/NĐ-CP, Điều 4 khoản 1: the roadmap starts on 1/1/2021.
  const int64_t steps = std::max<int64_t>(0, year - 2020);
  if (sex == Sex::kMale) return std::min<int64_t>(60 * 12 + 3 * steps, 62 * 12);
  return std::min<int64_t>(55 * 12 + 4 * steps, 60 * 12);
}

std::optional<int64_t> AgeInMonths(std::string_view birth, std::string_view on) {
  Result<int64_t> b = ParseDate(birth);
  Result<int64_t> o = ParseDate(on);
  if (!b.ok() || !o.ok() || *o < *b) return std::nullopt;
  const CivilDate bd = CivilFromDays(*b);
  const CivilDate od = CivilFromDays(*o);
  int64_t months = (od.year - bd.year) * 12 + (od.month - bd.month);
  // A month is complete on the same day number; someone born on the 31st completes
  // a month on the last day of a shorter month.
  const int last_day = DaysInMonth(od.year, od.month);
  if (od.day < bd.day && od.day < last_day) --months;
  return months;
}

std::optional<int64_t> AgeInYears(std::string_view birth, std::string_view on) {
  Result<int64_t> b = ParseDate(birth);
  Result<int64_t> o = ParseDate(on);
  if (!b.ok() || !o.ok() || *o < *b) return std::nullopt;
  return FullYearsBetween(CivilFromDays(*b), CivilFromDays(*o));
}

std::optional<bool> IsWorkingAge(std::string_view birth, Sex sex, std::string_view on) {
  std::optional<int64_t> years = AgeInYears(birth, on);
  std::optional<int64_t> months = AgeInMonths(birth, on);
  Result<int64_t> o = ParseDate(on);
  if (!years || !months || !o.ok()) return std::nullopt;
  const int64_t year = CivilFromDays(*o).year;
  return *years >= 15 && *months < RetirementAgeMonths(year, sex);
}

std::optional<std::string> WorkingAgeEndsOn(std::string_view birth, Sex sex, int64_t year) {
  Result<int64_t> b = ParseDate(birth);
  if (!b.ok()) return std::nullopt;
  const CivilDate bd = CivilFromDays(*b);
  // AgeInMonths completes month m on the same day number m months after birth, or on
  // the last day of that month when it is shorter.
  const int64_t months = bd.month - 1 + RetirementAgeMonths(year, sex);
  CivilDate end{bd.year + months / 12, static_cast<int>(months % 12) + 1, 1};
  if (end.year != year) return std::nullopt;
  end.day = std::min(bd.day, DaysInMonth(end.year, end.month));
  return FormatDate(DaysFromCivil(end));
}

}  // namespace sotay
