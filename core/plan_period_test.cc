#include "core/plan_period.h"

#include <catch2/catch.hpp>

namespace sotay {
namespace {

TEST_CASE("Plan periods parse as a year, a quarter or a month") {
  std::optional<PlanPeriod> y = ParsePlanPeriod("2026");
  REQUIRE(y);
  CHECK(y->kind == PlanPeriod::Kind::kYear);
  CHECK(y->Frequency() == "year");
  CHECK(y->StartMonth() == 1);
  CHECK(y->EndMonth() == 12);
  std::optional<PlanPeriod> q = ParsePlanPeriod("2026-Q2");
  REQUIRE(q);
  CHECK(q->Frequency() == "quarter");
  CHECK(q->number == 2);
  CHECK(q->StartMonth() == 4);
  CHECK(q->EndMonth() == 6);
  std::optional<PlanPeriod> m = ParsePlanPeriod("2026-05");
  REQUIRE(m);
  CHECK(m->Frequency() == "month");
  CHECK(m->StartMonth() == 5);
  CHECK(m->EndMonth() == 5);
  CHECK(m->text == "2026-05");
  for (const char* bad :
       {"", "26", "1999", "2101", "2026-Q5", "2026-Q0", "2026-13", "2026-00", "2026-5", "2026-q2",
        "2026-Q2 ", "+2026", "+026", "2026-", "2026-05-01", "2026-W10"}) {
    INFO(bad);
    CHECK_FALSE(ParsePlanPeriod(bad));
  }
}

TEST_CASE("A year's periods, latest first, each parses back to its frequency and year") {
  CHECK(PeriodsOfYear(2026, "quarter") ==
        std::vector<std::string>{"2026-Q4", "2026-Q3", "2026-Q2", "2026-Q1"});
  CHECK(PeriodsOfYear(2026, "year") == std::vector<std::string>{"2026"});
  std::vector<std::string> months = PeriodsOfYear(2026, "month");
  REQUIRE(months.size() == 12);
  CHECK(months.front() == "2026-12");
  CHECK(months.back() == "2026-01");
  CHECK(PeriodsOfYear(2026, "week").empty());
  for (const char* frequency : {"month", "quarter", "year"}) {
    std::vector<std::string> periods = PeriodsOfYear(2026, frequency);
    for (size_t i = 0; i < periods.size(); ++i) {
      INFO(periods[i]);
      std::optional<PlanPeriod> p = ParsePlanPeriod(periods[i]);
      REQUIRE(p);
      CHECK(p->Frequency() == frequency);
      CHECK(p->year == 2026);
      if (i > 0) CHECK(ParsePlanPeriod(periods[i - 1])->StartMonth() > p->StartMonth());
    }
  }
}

TEST_CASE("The period a form offers first: the latest that has begun") {
  CHECK(LatestBegunPeriod(2026, "month", 2026, 5) == "2026-05");
  CHECK(LatestBegunPeriod(2026, "quarter", 2026, 5) == "2026-Q2");
  CHECK(LatestBegunPeriod(2026, "quarter", 2026, 4) == "2026-Q2");
  CHECK(LatestBegunPeriod(2026, "quarter", 2026, 3) == "2026-Q1");
  CHECK(LatestBegunPeriod(2026, "year", 2026, 1) == "2026");
  CHECK(LatestBegunPeriod(2025, "month", 2026, 5) == "2025-12");  // a past year: its last
  CHECK(LatestBegunPeriod(2027, "month", 2026, 5) == "2027-12");  // a year to come
  CHECK(LatestBegunPeriod(2026, "week", 2026, 5).empty());
}

TEST_CASE("MonthText pads the month") {
  CHECK(MonthText(2026, 5) == "2026-05");
  CHECK(MonthText(2026, 12) == "2026-12");
}

}  // namespace
}  // namespace sotay
