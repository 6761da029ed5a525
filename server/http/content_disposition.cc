#include "server/http/content_disposition.h"

namespace sotay {

namespace {

bool IsPlainNameChar(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-' || c == '_';
}

}  // namespace

std::string AttachmentDisposition(std::string_view filename) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string fallback, encoded;
  for (unsigned char c : filename) {
    fallback += IsPlainNameChar(c) ? static_cast<char>(c) : '_';
    if (IsPlainNameChar(c)) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 0xF];
    }
  }
  std::string value = "attachment; filename=\"" + fallback + "\"";
  if (fallback != filename) value += "; filename*=UTF-8''" + encoded;
  return value;
}

}  // namespace sotay
