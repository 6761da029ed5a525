#include "core/date.h"

#include <cstdio>

namespace sotay {
namespace {

// Division rounding towards negative infinity, for instants before 1970.
int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

Status DateInvalid(std::string_view text) {
  return Status::Error("date_invalid", "Ngày không hợp lệ (cần dạng YYYY-MM-DD)",
                       "Invalid date (expected YYYY-MM-DD)", std::string(text));
}

bool ParseDigits(std::string_view s, int64_t* out) {
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

bool IsLeapYear(int64_t year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int DaysInMonth(int64_t year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  if (month == 2 && IsLeapYear(year)) return 29;
  return kDays[month - 1];
}

// Counts in 400-year eras (146097 days each) of years that start on 1 March, so the
// leap day is the last day of its year and month lengths follow a fixed pattern.
int64_t DaysFromCivil(const CivilDate& date) {
  const int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  const int64_t era = FloorDiv(y, 400);
  const int64_t year_of_era = y - era * 400;               // [0, 399]
  const int64_t month_from_march = (date.month + 9) % 12;  // March = 0
  const int64_t day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  constexpr int64_t kEpochShift = 719468;  // days from 0000-03-01 to 1970-01-01
  return era * 146097 + day_of_era - kEpochShift;
}

CivilDate CivilFromDays(int64_t days) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t day_of_era = z - era * 146097;  // [0, 146096]
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t month_from_march = (5 * day_of_year + 2) / 153;
  CivilDate out;
  out.day = static_cast<int>(day_of_year - (153 * month_from_march + 2) / 5 + 1);
  out.month = static_cast<int>(month_from_march < 10 ? month_from_march + 3 : month_from_march - 9);
  out.year = year_of_era + era * 400 + (out.month <= 2 ? 1 : 0);
  return out;
}

std::string FormatDate(int64_t days) {
  const CivilDate d = CivilFromDays(days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d-%02d", static_cast<long long>(d.year), d.month,
                d.day);
  return buf;
}

Result<int64_t> ParseDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return DateInvalid(text);
  CivilDate d;
  int64_t month = 0;
  int64_t day = 0;
  if (!ParseDigits(text.substr(0, 4), &d.year) || !ParseDigits(text.substr(5, 2), &month) ||
      !ParseDigits(text.substr(8, 2), &day)) {
    return DateInvalid(text);
  }
  d.month = static_cast<int>(month);
  d.day = static_cast<int>(day);
  if (d.year < 1 || d.day < 1 || d.day > DaysInMonth(d.year, d.month)) return DateInvalid(text);
  return DaysFromCivil(d);
}

int64_t VietnamDayFromUnixMs(int64_t unix_ms) {
  return FloorDiv(unix_ms + kVietnamUtcOffsetMs, kMsPerDay);
}

std::string VietnamDateFromUnixMs(int64_t unix_ms) {
  return FormatDate(VietnamDayFromUnixMs(unix_ms));
}

std::string VietnamToday(const Clock& clock) { return VietnamDateFromUnixMs(clock.NowMs()); }

int64_t UnixMsAtVietnamDayStart(int64_t days) { return days * kMsPerDay - kVietnamUtcOffsetMs; }

int64_t FullYearsBetween(const CivilDate& birth, const CivilDate& on) {
  int64_t years = on.year - birth.year;
  // Compare (month, day) within the year; 29 Feb counts as after 28 Feb, so in a
  // common year the birthday is reached on 1 March.
  const bool before_birthday =
      on.month < birth.month || (on.month == birth.month && on.day < birth.day);
  const bool after_birthday =
      on.month > birth.month || (on.month == birth.month && on.day > birth.day);
  if (years > 0 && before_birthday) --years;
  if (years < 0 && after_birthday) ++years;
  return years;
}

}  // namespace sotay
