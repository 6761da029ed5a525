#include "core/detail/expr_values.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace sotay::expr_detail {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

struct Ymd {
  int y, m, d;
};

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<Ymd> ParseIsoDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return std::nullopt;
  }
  auto num = [&](size_t from, size_t n) {
    int v = 0;
    for (size_t i = from; i < from + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  Ymd date{num(0, 4), num(5, 2), num(8, 2)};
  if (date.m < 1 || date.m > 12 || date.d < 1 || date.d > DaysInMonth(date.y, date.m)) {
    return std::nullopt;
  }
  return date;
}

}  // namespace

bool IsInt(const Json& v) {
  if (v.is_number_integer() && !v.is_number_unsigned()) return true;
  return v.is_number_unsigned() &&
         v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
}

int64_t AsInt(const Json& v) {
  return v.is_number_unsigned() ? static_cast<int64_t>(v.get<uint64_t>()) : v.get<int64_t>();
}

double AsDouble(const Json& v) {
  if (v.is_number_float()) return v.get<double>();
  if (v.is_number_unsigned()) return static_cast<double>(v.get<uint64_t>());
  return static_cast<double>(v.get<int64_t>());
}

Json MakeDouble(double d) { return std::isfinite(d) ? Json(d) : Json(nullptr); }

Json MakeIntegral(double d) {
  // 2^63 is exactly representable; anything strictly inside (-2^63, 2^63) fits int64.
  constexpr double kLimit = 9223372036854775808.0;
  if (std::isfinite(d) && d > -kLimit && d < kLimit) return Json(static_cast<int64_t>(d));
  return MakeDouble(d);
}

std::string TypeNameVi(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "đúng/sai";
    case Json::value_t::string:
      return "chuỗi";
    case Json::value_t::array:
      return "danh sách";
    case Json::value_t::object:
      return "đối tượng";
    default:
      return "số";
  }
}

std::string TypeNameEn(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::string:
      return "string";
    case Json::value_t::array:
      return "list";
    case Json::value_t::object:
      return "object";
    default:
      return "number";
  }
}

std::string ShortDump(const Json& v) {
  std::string s = v.dump(-1, ' ', false, Json::error_handler_t::replace);
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return s;
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

Status TypeError(int pos, const std::string& vi_detail, const std::string& en_detail) {
  std::string p = std::to_string(pos);
  return Status::Error("expr_type", "Lỗi kiểu ở vị trí " + p + ": " + vi_detail,
                       "Type error at position " + p + ": " + en_detail);
}

std::optional<Json> ParseNumberText(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  // Checked by hand first: strtod alone would also accept "inf", "nan" and hex floats.
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  size_t digits = 0;
  bool integral = true;
  while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  if (i < s.size() && s[i] == '.') {
    integral = false;
    ++i;
    while (i < s.size() && IsDigit(s[i])) ++i, ++digits;
  }
  if (digits == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    integral = false;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && IsDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  std::string text(s);
  if (integral) {
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(text.c_str(), &end, 10);
    if (errno == 0 && *end == '\0') return Json(static_cast<int64_t>(v));
  }
  double d = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(d)) return std::nullopt;
  return Json(d);
}

std::optional<int64_t> DaysFromIsoDate(std::string_view s) {
  std::optional<Ymd> date = ParseIsoDate(s);
  if (!date) return std::nullopt;
  // Count from 1 March of year 0 so the leap day is the last day of its year; eras of 400
  // years are 146097 days. 719468 is the day count from 0000-03-01 to 1970-01-01.
  int64_t y = date->y - (date->m <= 2 ? 1 : 0);
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t year_of_era = y - era * 400;
  int64_t month_from_march = date->m > 2 ? date->m - 3 : date->m + 9;
  int64_t day_of_year = (153 * month_from_march + 2) / 5 + date->d - 1;
  int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int64_t Utf8Length(std::string_view s) {
  int64_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

double RoundDecimal(double x, int digits) {
  if (!std::isfinite(x)) return x;
  // Shortest decimal form, e.g. "-1.005", "1e+20", "1.5e-07".
  std::string text = Json(x).dump();
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  size_t e = text.find_first_of("eE");
  int exponent = e == std::string::npos ? 0 : std::atoi(text.c_str() + e + 1);
  std::string mantissa = text.substr(0, e);
  size_t dot = mantissa.find('.');
  // value = 0.<all> * 10^point
  std::string all =
      dot == std::string::npos ? mantissa : mantissa.substr(0, dot) + mantissa.substr(dot + 1);
  int point = static_cast<int>(dot == std::string::npos ? mantissa.size() : dot) + exponent;
  while (!all.empty() && all[0] == '0') all.erase(0, 1), --point;
  if (all.empty()) return 0.0;

  int keep = point + digits;  // digits kept before rounding
  if (keep < 0) return 0.0;
  if (static_cast<int>(all.size()) <= keep) return x;  // already that precise
  std::string kept = all.substr(0, keep);
  if (all[keep] >= '5') {
    int i = keep - 1;
    while (i >= 0 && kept[i] == '9') kept[i--] = '0';
    if (i >= 0) {
      ++kept[i];
    } else {
      kept.insert(kept.begin(), '1');
      ++point;
    }
  }
  if (kept.empty()) return 0.0;
  std::string out =
      (negative ? "-" : "") + kept + "e" + std::to_string(point - static_cast<int>(kept.size()));
  return std::strtod(out.c_str(), nullptr);
}

bool Truthy(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return false;
    case Json::value_t::boolean:
      return v.get<bool>();
    case Json::value_t::string:
      return !v.get_ref<const std::string&>().empty();
    case Json::value_t::array:
      return !v.empty();
    case Json::value_t::object:
      return true;
    case Json::value_t::number_float:
      return v.get<double>() != 0.0;
    case Json::value_t::number_unsigned:
      return v.get<uint64_t>() != 0;
    case Json::value_t::number_integer:
      return v.get<int64_t>() != 0;
    default:
      return false;
  }
}

}  // namespace sotay::expr_detail
