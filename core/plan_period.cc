#include "core/plan_period.h"

#include <charconv>
#include <cstdio>

namespace sotay {
namespace {

bool ParseDigits(std::string_view text, int64_t& out) {
  if (text.empty()) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

std::string_view PlanPeriod::Frequency() const {
  switch (kind) {
    case Kind::kQuarter:
      return "quarter";
    case Kind::kMonth:
      return "month";
    case Kind::kYear:
      break;
  }
  return "year";
}

int PlanPeriod::StartMonth() const {
  switch (kind) {
    case Kind::kQuarter:
      return number * 3 - 2;
    case Kind::kMonth:
      return number;
    case Kind::kYear:
      break;
  }
  return 1;
}

int PlanPeriod::EndMonth() const {
  switch (kind) {
    case Kind::kQuarter:
      return number * 3;
    case Kind::kMonth:
      return number;
    case Kind::kYear:
      break;
  }
  return 12;
}

std::optional<PlanPeriod> ParsePlanPeriod(std::string_view text) {
  PlanPeriod p;
  p.text = std::string(text);
  if (text.size() < 4 || !ParseDigits(text.substr(0, 4), p.year) || p.year < 2000 ||
      p.year > 2100) {
    return std::nullopt;
  }
  std::string_view rest = text.substr(4);
  if (rest.empty()) return p;
  int64_t n = 0;
  if (rest.size() == 3 && rest[0] == '-' && rest[1] == 'Q' && ParseDigits(rest.substr(2), n) &&
      n >= 1 && n <= 4) {
    p.kind = PlanPeriod::Kind::kQuarter;
    p.number = static_cast<int>(n);
    return p;
  }
  if (rest.size() == 3 && rest[0] == '-' && ParseDigits(rest.substr(1), n) && n >= 1 && n <= 12) {
    p.kind = PlanPeriod::Kind::kMonth;
    p.number = static_cast<int>(n);
    return p;
  }
  return std::nullopt;
}

std::string MonthText(int64_t year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02d", static_cast<long long>(year), month);
  return buf;
}

std::vector<std::string> PeriodsOfYear(int64_t year, std::string_view frequency) {
  std::vector<std::string> out;
  const std::string y = std::to_string(year);
  if (frequency == "month") {
    for (int m = 12; m >= 1; --m) out.push_back(MonthText(year, m));
  } else if (frequency == "quarter") {
    for (int q = 4; q >= 1; --q) out.push_back(y + "-Q" + std::to_string(q));
  } else if (frequency == "year") {
    out.push_back(y);
  }
  return out;
}

std::string LatestBegunPeriod(int64_t year, std::string_view frequency, int64_t now_year,
                              int month) {
  std::vector<std::string> periods = PeriodsOfYear(year, frequency);
  if (periods.empty()) return "";
  for (const std::string& text : periods) {
    std::optional<PlanPeriod> p = ParsePlanPeriod(text);
    if (p && (p->year < now_year || (p->year == now_year && p->StartMonth() <= month))) {
      return text;
    }
  }
  return periods.front();
}

}  // namespace sotay
