// Plan periods: a year "2026", a quarter "2026-Q2" or a month "2026-05", the periods
// manual indicator values and reports are given for (docs/indicators.md). The one
// parser and the one list of a year's periods: the server's routes use them, the
// office gets the lists from GET /api/v1/periods (docs/protocol.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sotay {

struct PlanPeriod {
  enum class Kind { kYear, kQuarter, kMonth };
  Kind kind = Kind::kYear;
  int64_t year = 0;
  int number = 0;  // quarter 1..4 or month 1..12; 0 for a year
  std::string text;

  // The frequency word of the registry ("year", "quarter", "month").
  std::string_view Frequency() const;
  // The first and the last month of the period, 1..12.
  int StartMonth() const;
  int EndMonth() const;
};

// "2026", "2026-Q2" or "2026-05" with a year 2000–2100; nullopt for anything else.
std::optional<PlanPeriod> ParsePlanPeriod(std::string_view text);

// "YYYY-MM".
std::string MonthText(int64_t year, int month);

// The periods of `year` at `frequency` ("month", "quarter" or "year"), latest first:
// 2026-12 … 2026-01, 2026-Q4 … 2026-Q1, 2026. Empty for another frequency.
std::vector<std::string> PeriodsOfYear(int64_t year, std::string_view frequency);

// Of PeriodsOfYear(year, frequency), the latest that has begun by month `month` of year
// `now_year` (the one a form offers first); the latest of all when none has (a year to
// come); "" for another frequency.
std::string LatestBegunPeriod(int64_t year, std::string_view frequency, int64_t now_year,
                              int month);

}  // namespace sotay
