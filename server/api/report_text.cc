#include "server/api/report_text.h"

#include <cmath>
#include <cstdio>
#include <regex>

namespace sotay {

std::string VnNumber(double v, int digits) {
  if (!std::isfinite(v)) return "—";
  const double scale = std::pow(10.0, digits);
  const double scaled = v * scale;
  // Exact ties (0.25 → 0,3) go away from zero as Intl rounds them; printf rounds the
  // exact binary value otherwise, as Intl does.
  const bool exact = std::fma(v, scale, -scaled) == 0;
  char buf[64];
  if (exact && std::fabs(scaled - std::trunc(scaled)) == 0.5) {
    std::snprintf(buf, sizeof buf, "%.*f", digits, std::round(scaled) / scale);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  }
  std::string text = buf;
  bool negative = !text.empty() && text.front() == '-';
  if (negative) text.erase(0, 1);
  std::string whole = text, frac;
  if (size_t dot = text.find('.'); dot != std::string::npos) {
    whole = text.substr(0, dot);
    frac = text.substr(dot + 1);
    while (!frac.empty() && frac.back() == '0') frac.pop_back();
  }
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += '.';
    grouped += whole[i];
  }
  // Intl keeps the sign of a negative that rounds to zero ("-0").
  return (negative ? "-" : "") + grouped + (frac.empty() ? "" : "," + frac);
}

namespace {

std::string_view UnitWord(std::string_view unit) {
  if (unit == "percent" || unit == "percent_change") return "%";
  if (unit == "households") return "hộ";
  if (unit == "persons") return "người";
  if (unit == "enterprises") return "doanh nghiệp";
  if (unit == "lights") return "đèn";
  if (unit == "classrooms") return "phòng học";
  if (unit == "criteria") return "tiêu chí";
  if (unit == "trees") return "cây";
  if (unit == "rank" || unit == "yes_no") return "";
  return unit;
}

const char* const kRoman[] = {"I", "II", "III", "IV"};

}  // namespace

std::string VnValueText(const std::optional<double>& v, std::string_view unit) {
  if (!v || !std::isfinite(*v)) return "—";
  if (unit == "yes_no") return *v >= 1 ? "Có" : "Không";
  if (unit == "rank") return "hạng " + VnNumber(*v, 0);
  if (unit == "percent" || unit == "percent_change") {
    const std::string sign = unit == "percent_change" && *v > 0 ? "+" : "";
    return sign + VnNumber(*v) + " %";
  }
  const std::string_view word = UnitWord(unit);
  return VnNumber(*v) + (word.empty() ? "" : " " + std::string(word));
}

std::string VnRowValueText(const IndicatorValue& row, std::string_view unit) {
  auto count = [](const std::optional<double>& n) { return n ? VnNumber(*n, 0) : "—"; };
  switch (row.display) {
    case IndicatorDisplay::kRecognised:
      return "Đã công nhận";
    case IndicatorDisplay::kNotRecognised:
      return "Chưa công nhận";
    case IndicatorDisplay::kCounts:
    case IndicatorDisplay::kCountsAndPercent: {
      std::string counts = "kỳ trước " + count(row.denominator) + ", nay " + count(row.numerator);
      if (row.display == IndicatorDisplay::kCountsAndPercent) {
        counts += " (" + VnValueText(row.value, unit) + ")";
      }
      return counts;
    }
    case IndicatorDisplay::kValue:
      break;
  }
  return VnValueText(row.value, unit);
}

std::string VnTargetText(const std::optional<IndicatorTarget>& target, std::string_view unit) {
  if (!target) return "chưa đặt";
  if (unit == "yes_no") return target->value >= 1 ? "Có" : "Không";
  return std::string(ComparisonSign(target->comparison)) + " " + VnValueText(target->value, unit);
}

std::string VnStatusText(IndicatorStatus s) {
  switch (s) {
    case IndicatorStatus::kMet:
      return "Đạt";
    case IndicatorStatus::kAtRisk:
      return "Gần đạt";
    case IndicatorStatus::kNotMet:
      return "Chưa đạt";
    case IndicatorStatus::kNoTarget:
      return "Chưa đặt chỉ tiêu";
    case IndicatorStatus::kNoData:
      break;
  }
  return "Chưa có số liệu";
}

std::string VnPeriodText(const PlanPeriod& p) {
  const std::string year = std::to_string(p.year);
  switch (p.kind) {
    case PlanPeriod::Kind::kMonth:
      return "Tháng " + std::to_string(p.number) + "/" + year;
    case PlanPeriod::Kind::kQuarter:
      return std::string("Quý ") + kRoman[(p.number - 1) & 3] + "/" + year;
    case PlanPeriod::Kind::kYear:
      break;
  }
  return "Năm " + year;
}

std::string VnDate(std::string_view iso_day) {
  static const std::regex day(R"((\d{4})-(\d{2})-(\d{2}))");
  std::cmatch m;
  const std::string text(iso_day);
  if (!std::regex_match(text.c_str(), m, day)) return text;
  return m[3].str() + "/" + m[2].str() + "/" + m[1].str();
}

std::string VnDatesIn(std::string_view text) {
  static const std::regex day(R"(\b(\d{4})-(\d{2})-(\d{2})\b)");
  static const std::regex month(R"(\b(\d{4})-(\d{2})\b)");
  std::string out = std::regex_replace(std::string(text), day, "$3/$2/$1");
  std::string result;
  std::smatch m;
  std::string rest = out;
  while (std::regex_search(rest, m, month)) {
    result += m.prefix().str() + std::to_string(std::stoi(m[2].str())) + "/" + m[1].str();
    rest = m.suffix().str();
  }
  return result + rest;
}

std::string VnAsOfText(std::string_view as_of) {
  static const std::regex year_to(R"(năm (\d{4}) đến (\d{4}-\d{2}-\d{2}))");
  static const std::regex on_day(R"(ngày (\d{4}-\d{2}-\d{2}))");
  static const std::regex month_end(R"(cuối tháng (\d{4}-\d{2}))");
  static const std::regex period(R"(kỳ (.+))");
  const std::string text(as_of);
  std::smatch m;
  if (std::regex_match(text, m, year_to)) {
    return "cả năm " + m[1].str() + " đến " + VnDate(m[2].str());
  }
  if (std::regex_match(text, m, on_day)) return "ngày " + VnDate(m[1].str());
  if (std::regex_match(text, m, month_end)) {
    std::optional<PlanPeriod> p = ParsePlanPeriod(m[1].str());
    return p ? "cuối tháng " + std::to_string(p->number) + "/" + std::to_string(p->year) : text;
  }
  if (std::regex_match(text, m, period)) {
    std::optional<PlanPeriod> p = ParsePlanPeriod(m[1].str());
    return "kỳ " + (p ? VnPeriodText(*p) : m[1].str());
  }
  return "—";
}

std::string ReportFileName(const PlanPeriod& p) {
  const std::string year = std::to_string(p.year);
  switch (p.kind) {
    case PlanPeriod::Kind::kMonth:
      return "bao-cao-thang-" + std::to_string(p.number) + "-" + year + ".csv";
    case PlanPeriod::Kind::kQuarter:
      return "bao-cao-quy-" + std::to_string(p.number) + "-" + year + ".csv";
    case PlanPeriod::Kind::kYear:
      break;
  }
  return "bao-cao-nam-" + year + ".csv";
}

}  // namespace sotay
