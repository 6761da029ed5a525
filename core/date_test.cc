#include "core/date.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

// 2026-01-01T00:00:00Z, the example instant of docs/protocol.md.
constexpr int64_t k2026Utc = 1'767'225'600'000;

int64_t Days(std::string_view text) {
  Result<int64_t> d = ParseDate(text);
  REQUIRE(d.ok());
  return *d;
}

TEST_CASE("Known dates map to known day numbers") {
  CHECK(Days("1970-01-01") == 0);
  CHECK(Days("1970-01-02") == 1);
  CHECK(Days("1969-12-31") == -1);
  CHECK(Days("2000-03-01") == 11017);
  CHECK(Days("2026-01-01") == k2026Utc / kMsPerDay);
  CHECK(Days("0001-01-01") == -719162);
  CHECK(FormatDate(0) == "1970-01-01");
  CHECK(FormatDate(-719162) == "0001-01-01");
  CHECK(FormatDate(Days("9999-12-31")) == "9999-12-31");
}

TEST_CASE("Leap years follow the Gregorian rules") {
  CHECK(IsLeapYear(2024));
  CHECK(IsLeapYear(2000));
  CHECK_FALSE(IsLeapYear(1900));
  CHECK_FALSE(IsLeapYear(2023));
  CHECK(DaysInMonth(2024, 2) == 29);
  CHECK(DaysInMonth(2100, 2) == 28);
  CHECK(DaysInMonth(2025, 4) == 30);
  CHECK(DaysInMonth(2025, 13) == 0);
  CHECK(ParseDate("2024-02-29").ok());
  CHECK(ParseDate("2000-02-29").ok());
  CHECK(ParseDate("1900-02-29").status().code() == "date_invalid");
  CHECK(ParseDate("2023-02-29").status().code() == "date_invalid");
  CHECK(Days("2024-03-01") - Days("2024-02-28") == 2);
  CHECK(Days("2023-03-01") - Days("2023-02-28") == 1);
  CHECK(Days("2001-01-01") - Days("2000-01-01") == 366);
}

TEST_CASE("Day numbers and civil dates round-trip over the whole range") {
  const int64_t first = Days("0001-01-01");
  const int64_t last = Days("9999-12-31");
  // Plain checks inside the loop: millions of Catch assertions would be slow under wasm.
  CivilDate previous = CivilFromDays(first - 1);
  int64_t first_bad = 0;
  bool all_good = true;
  for (int64_t d = first; d <= last && all_good; ++d) {
    const CivilDate c = CivilFromDays(d);
    all_good = DaysFromCivil(c) == d && c > previous && c.day >= 1 &&
               c.day <= DaysInMonth(c.year, c.month);
    if (!all_good) first_bad = d;
    previous = c;
  }
  INFO("first bad day number: " << first_bad);
  REQUIRE(all_good);
  CHECK(previous == CivilDate{9999, 12, 31});
  for (int64_t d = first; d <= last; d += 997) REQUIRE(Days(FormatDate(d)) == d);
}

TEST_CASE("ParseDate accepts only YYYY-MM-DD") {
  for (std::string_view bad :
       {"", "2025-1-01", "2025-01-1", "25-01-01", "2025/01/01", "2025-01-01 ", " 2025-01-01",
        "2025-00-10", "2025-13-01", "2025-04-31", "2025-01-00", "0000-01-01", "2025-0a-01",
        "+025-01-01", "2025-01-01T00:00", "２０２５-01-01"}) {
    INFO(bad);
    Result<int64_t> r = ParseDate(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == "date_invalid");
    CHECK(r.status().path() == bad);
  }
}

TEST_CASE("Vietnam's day starts at 17:00 UTC the day before") {
  const int64_t vn_midnight = k2026Utc - kVietnamUtcOffsetMs;  // 2025-12-31T17:00Z
  CHECK(VietnamDateFromUnixMs(vn_midnight - 1) == "2025-12-31");
  CHECK(VietnamDateFromUnixMs(vn_midnight) == "2026-01-01");
  CHECK(VietnamDateFromUnixMs(k2026Utc) == "2026-01-01");
  CHECK(VietnamDateFromUnixMs(k2026Utc + 17 * 3600 * 1000 - 1) == "2026-01-01");
  CHECK(VietnamDateFromUnixMs(k2026Utc + 17 * 3600 * 1000) == "2026-01-02");
  CHECK(UnixMsAtVietnamDayStart(Days("2026-01-01")) == vn_midnight);
  // Before 1970 the division must round down, not towards zero.
  CHECK(VietnamDateFromUnixMs(-1) == "1970-01-01");
  CHECK(VietnamDateFromUnixMs(-kVietnamUtcOffsetMs) == "1970-01-01");
  CHECK(VietnamDateFromUnixMs(-kVietnamUtcOffsetMs - 1) == "1969-12-31");

  ManualClock clock(vn_midnight - 1);
  CHECK(VietnamToday(clock) == "2025-12-31");
  clock.Advance(1);
  CHECK(VietnamToday(clock) == "2026-01-01");
}

TEST_CASE("Ages count completed years, including leap-day birthdays") {
  const CivilDate born{2000, 6, 15};
  CHECK(FullYearsBetween(born, {2000, 6, 15}) == 0);
  CHECK(FullYearsBetween(born, {2025, 6, 14}) == 24);
  CHECK(FullYearsBetween(born, {2025, 6, 15}) == 25);
  CHECK(FullYearsBetween(born, {2025, 12, 31}) == 25);
  CHECK(FullYearsBetween(born, {1999, 7, 1}) == 0);
  CHECK(FullYearsBetween(born, {1999, 6, 15}) == -1);
  const CivilDate leap{2004, 2, 29};
  CHECK(FullYearsBetween(leap, {2005, 2, 28}) == 0);
  CHECK(FullYearsBetween(leap, {2005, 3, 1}) == 1);
  CHECK(FullYearsBetween(leap, {2008, 2, 29}) == 4);
}

}  // namespace
}  // namespace sotay
