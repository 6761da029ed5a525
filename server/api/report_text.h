// The report's words for a person, for the CSV the server writes: numbers, units,
// targets, statuses, periods and dates as the office's screen writes them
// (wasm-client/web/src/office/format.ts: num, valueText, targetText, statusText,
// periodText, rowValueText; report.ts: asOfText). Formatting only: what a value row reads
// as (a title, counts, a value) is the core's IndicatorDisplay. The browser test
// office-reports compares the CSV's cells with the screen's, row by row.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/indicators.h"
#include "core/plan_period.h"

namespace sotay {

// As Intl.NumberFormat("vi-VN", {maximumFractionDigits: digits}) writes it: "52,7",
// "1.234,5", "-3", "0" (half away from zero, on the double's exact value).
std::string VnNumber(double v, int digits = 1);

// A value with its unit: "96,4 %", "+12,5 %" (a change), "Có" / "Không", "hạng 12",
// "31 hộ"; "—" without one.
std::string VnValueText(const std::optional<double>& v, std::string_view unit);

// What a value row reads as by its display: "Đã công nhận", "kỳ trước 20, nay 30 (+50 %)",
// or VnValueText.
std::string VnRowValueText(const IndicatorValue& row, std::string_view unit);

// "≥ 96 %", "Có", "chưa đặt".
std::string VnTargetText(const std::optional<IndicatorTarget>& target, std::string_view unit);

// "Đạt", "Gần đạt", "Chưa đạt", "Chưa đặt chỉ tiêu", "Chưa có số liệu".
std::string VnStatusText(IndicatorStatus s);

// "Tháng 10/2026", "Quý III/2026", "Năm 2026".
std::string VnPeriodText(const PlanPeriod& p);

// "2026-12-07" → "07/12/2026"; other text as it is.
std::string VnDate(std::string_view iso_day);

// Every "YYYY-MM-DD" in `text` as "DD/MM/YYYY" and every "YYYY-MM" as "M/YYYY".
std::string VnDatesIn(std::string_view text);

// The report's words for the period of a row ("năm 2026 đến 2026-12-07", "ngày
// 2026-09-30", "cuối tháng 2026-09", "kỳ 2026-Q3") in the reader's: "cả năm 2026 đến
// 07/12/2026", "ngày 30/09/2026", "cuối tháng 9/2026", "kỳ Quý III/2026"; "—" for "".
std::string VnAsOfText(std::string_view as_of);

// The file a person saves: "bao-cao-thang-10-2026.csv", "bao-cao-quy-3-2026.csv",
// "bao-cao-nam-2026.csv".
std::string ReportFileName(const PlanPeriod& p);

}  // namespace sotay
