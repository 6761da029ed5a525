// Calendar dates without a time-zone database.
//
// Forms compare dates ("card expiry ≥ today", age on the reference date), and "today"
// means today in Vietnam (UTC+7, no daylight saving). Dates are counted as days since
// 1970-01-01 in the proleptic Gregorian calendar, and written "YYYY-MM-DD". Everything
// is integer arithmetic, so it gives the same answer natively and under wasm, whatever
// the machine's locale or time zone.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/status.h"

namespace sotay {

// Vietnam's offset from UTC: +07:00 all year.
inline constexpr int64_t kVietnamUtcOffsetMs = 7 * 3600 * 1000;
inline constexpr int64_t kMsPerDay = 24 * 3600 * 1000;

struct CivilDate {
  int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..DaysInMonth(year, month)
  auto operator<=>(const CivilDate&) const = default;
};

bool IsLeapYear(int64_t year);
// 28..31; 0 for a month outside 1..12.
int DaysInMonth(int64_t year, int month);

// Days since 1970-01-01 (negative before it). `date` must be a real date.
int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(int64_t days);

// "YYYY-MM-DD" for days in years 1..9999 (the range ParseDate accepts).
std::string FormatDate(int64_t days);
// Parses exactly "YYYY-MM-DD" (year 0001..9999, a day that exists in that month) into
// days since 1970-01-01. Anything else fails with code "date_invalid".
Result<int64_t> ParseDate(std::string_view text);

// The day number in Vietnam at the instant `unix_ms`.
int64_t VietnamDayFromUnixMs(int64_t unix_ms);
// "YYYY-MM-DD" in Vietnam at the instant `unix_ms`.
std::string VietnamDateFromUnixMs(int64_t unix_ms);
// Today's date in Vietnam by `clock`: the reference "today" of forms.
std::string VietnamToday(const Clock& clock);
// The instant (Unix ms) at which `days` begins in Vietnam (00:00 UTC+7).
int64_t UnixMsAtVietnamDayStart(int64_t days);

// Completed years from `birth` to `on` (an age); negative when `on` is before `birth`.
// Someone born on 29 February turns a year older on 1 March in common years.
int64_t FullYearsBetween(const CivilDate& birth, const CivilDate& on);

}  // namespace sotay
