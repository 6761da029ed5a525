// The report CSV's words for a person: the office screen's formatting (format.ts), in C++.
#include "server/api/report_text.h"

#include <catch2/catch.hpp>

namespace sotay {

TEST_CASE("report text: numbers as vi-VN writes them", "[dashboard]") {
  CHECK(VnNumber(52.7) == "52,7");
  CHECK(VnNumber(1234.5) == "1.234,5");
  CHECK(VnNumber(-3) == "-3");
  CHECK(VnNumber(12345678.96) == "12.345.679");
  CHECK(VnNumber(1000) == "1.000");
  CHECK(VnNumber(999.96) == "1.000");
  CHECK(VnNumber(0.05) == "0,1");
  CHECK(VnNumber(0.25) == "0,3");  // an exact tie goes away from zero, as Intl's
  CHECK(VnNumber(-0.04) == "-0");
  CHECK(VnNumber(95.66666) == "95,7");
  CHECK(VnNumber(1500, 0) == "1.500");
  CHECK(VnNumber(-1234.56) == "-1.234,6");
}

TEST_CASE("report text: values, targets, statuses, periods and dates", "[dashboard]") {
  CHECK(VnValueText(96.44, "percent") == "96,4 %");
  CHECK(VnValueText(12.5, "percent_change") == "+12,5 %");
  CHECK(VnValueText(-3, "percent_change") == "-3 %");
  CHECK(VnValueText(31, "households") == "31 hộ");
  CHECK(VnValueText(1, "yes_no") == "Có");
  CHECK(VnValueText(0, "yes_no") == "Không");
  CHECK(VnValueText(12, "rank") == "hạng 12");
  CHECK(VnValueText(std::nullopt, "percent") == "—");
  CHECK(VnTargetText(IndicatorTarget{Comparison::kGte, 96}, "percent") == "≥ 96 %");
  CHECK(VnTargetText(IndicatorTarget{Comparison::kLte, -10}, "percent_change") == "≤ -10 %");
  CHECK(VnTargetText(IndicatorTarget{Comparison::kEq, 1}, "yes_no") == "Có");
  CHECK(VnTargetText(std::nullopt, "percent") == "chưa đặt");
  CHECK(VnStatusText(IndicatorStatus::kAtRisk) == "Gần đạt");
  CHECK(VnStatusText(IndicatorStatus::kNoTarget) == "Chưa đặt chỉ tiêu");

  IndicatorValue row;
  row.numerator = 30;
  row.denominator = 20;
  row.value = 50;
  row.display = IndicatorDisplay::kCountsAndPercent;
  CHECK(VnRowValueText(row, "percent_change") == "kỳ trước 20, nay 30 (+50 %)");
  row.display = IndicatorDisplay::kCounts;
  CHECK(VnRowValueText(row, "percent_change") == "kỳ trước 20, nay 30");
  row.display = IndicatorDisplay::kRecognised;
  CHECK(VnRowValueText(row, "percent") == "Đã công nhận");
  row.display = IndicatorDisplay::kNotRecognised;
  CHECK(VnRowValueText(row, "percent") == "Chưa công nhận");
  row.display = IndicatorDisplay::kValue;
  CHECK(VnRowValueText(row, "percent") == "50 %");

  CHECK(VnPeriodText(*ParsePlanPeriod("2026-10")) == "Tháng 10/2026");
  CHECK(VnPeriodText(*ParsePlanPeriod("2026-Q3")) == "Quý III/2026");
  CHECK(VnPeriodText(*ParsePlanPeriod("2026")) == "Năm 2026");
  CHECK(VnDate("2026-12-07") == "07/12/2026");
  CHECK(VnDatesIn("lưu ngày 2026-09-30, cuối tháng 2026-09.") ==
        "lưu ngày 30/09/2026, cuối tháng 9/2026.");
  CHECK(VnAsOfText("năm 2026 đến 2026-12-07") == "cả năm 2026 đến 07/12/2026");
  CHECK(VnAsOfText("ngày 2026-09-30") == "ngày 30/09/2026");
  CHECK(VnAsOfText("cuối tháng 2026-09") == "cuối tháng 9/2026");
  CHECK(VnAsOfText("kỳ 2026-Q3") == "kỳ Quý III/2026");
  CHECK(VnAsOfText("") == "—");
  CHECK(ReportFileName(*ParsePlanPeriod("2026-10")) == "bao-cao-thang-10-2026.csv");
  CHECK(ReportFileName(*ParsePlanPeriod("2026-Q3")) == "bao-cao-quy-3-2026.csv");
  CHECK(ReportFileName(*ParsePlanPeriod("2026")) == "bao-cao-nam-2026.csv");
}

}  // namespace sotay
