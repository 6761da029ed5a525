#include "core/field_check.h"

#include <string>

namespace sotay {
namespace {

bool AllDigits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

// crypto_box_SEALBYTES: an ephemeral public key (32) and a MAC (16).
constexpr size_t kSealOverhead = 48;

}  // namespace

bool IsCalendarDate(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  std::string_view y = s.substr(0, 4), m = s.substr(5, 2), d = s.substr(8, 2);
  if (!AllDigits(y) || !AllDigits(m) || !AllDigits(d)) return false;
  int year = Digits(y), month = Digits(m), day = Digits(d);
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1 : 0);
}

bool IsVietnamesePhone(std::string_view s) {
  if (!AllDigits(s) || s.size() < 2 || s[0] != '0') return false;
  switch (s[1]) {
    case '3':
    case '5':
    case '7':
    case '8':
    case '9':
      return s.size() == 10;
    case '2':
      return s.size() == 11;
    default:
      return false;
  }
}

bool IsCitizenId(std::string_view s) {
  if (s.size() != 12 || !AllDigits(s)) return false;
  int province = Digits(s.substr(0, 3));
  return province >= 1 && province <= 96;
}

bool IsSealedEnvelope(const Json& value) {
  if (!value.is_object() || value.size() != 1) return false;
  auto it = value.find("sealed");
  if (it == value.end() || !it->is_string()) return false;
  const std::string& b64 = it->get_ref<const std::string&>();
  size_t n = b64.size();
  while (n > 0 && b64[n - 1] == '=') --n;
  if (b64.size() - n > 2) return false;
  bool standard = false, url_safe = false;
  for (size_t i = 0; i < n; ++i) {
    char c = b64[i];
    bool alnum = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (alnum) continue;
    if (c == '+' || c == '/') {
      standard = true;
    } else if (c == '-' || c == '_') {
      url_safe = true;
    } else {
      return false;
    }
  }
  if (standard && url_safe) return false;
  if (n % 4 == 1) return false;
  if (n != b64.size() && b64.size() % 4 != 0) return false;  // padding only to a full quad
  return n * 3 / 4 >= kSealOverhead + 1;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

}  // namespace sotay
