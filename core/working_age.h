// Working age and the retirement-age roadmap.
//
// Indicator 13 of the ward plan ("người tham gia BHXH ÷ lực lượng lao động trong độ
// tuổi") and the employment indicator of the poverty standard need "working age".
// The rule implemented here:
//
//   A person is of working age on date d when their completed age on d is at least
//   15 years (Bộ luật Lao động 2019, Điều 3 khoản 1 and Điều 143: a worker is "từ đủ 15
//   tuổi") and their completed age in months on d is below the retirement age in
//   normal working conditions for their sex in the calendar year of d.
//
//   Retirement age (Bộ luật Lao động 2019, Điều 169 khoản 2; Nghị định 135/2020/NĐ-CP,
//   Điều 4 khoản 1): from 2021 men 60 years 3 months, rising 3 months a year to 62 in
//   2028; women 55 years 4 months, rising 4 months a year to 60 in 2035. So in 2026:
//   men 61 years 6 months, women 57 years.
//
// The decree's annex maps each birth month to an exact retirement month; comparing
// the age with the threshold of the year of d gives the same answer except in the few
// months around a birthday where the threshold itself moves, which a yearly household
// count does not see.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sotay {

enum class Sex { kMale, kFemale };

// "male" / "female" as stored in records (code list `sex`); nullopt otherwise.
std::optional<Sex> ParseSex(std::string_view code);

// Retirement age in normal conditions, in months, for someone reaching it in `year`.
// Years before 2021 give the pre-2021 ages (60 / 55 years).
int64_t RetirementAgeMonths(int64_t year, Sex sex);

// Completed months between birth and `on` (both "YYYY-MM-DD"); nullopt when either
// date is malformed or `on` is before `birth`.
std::optional<int64_t> AgeInMonths(std::string_view birth, std::string_view on);
// Completed years, the same way.
std::optional<int64_t> AgeInYears(std::string_view birth, std::string_view on);

// Working age by the rule above; nullopt when a date is malformed.
std::optional<bool> IsWorkingAge(std::string_view birth, Sex sex, std::string_view on);

// The day ("YYYY-MM-DD") of `year` on which someone born on `birth` leaves working age
// because their age in completed months reaches RetirementAgeMonths(year, sex): the
// first day of `year` on which IsWorkingAge turns false for that reason. nullopt when
// that day falls outside `year` (the threshold was reached before 1 January or is
// reached after 31 December, when the next year's threshold applies) or `birth` is
// malformed. Facts that read working age stop being true on it (core/fact_refresh.h).
std::optional<std::string> WorkingAgeEndsOn(std::string_view birth, Sex sex, int64_t year);

}  // namespace sotay
