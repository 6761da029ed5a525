#include "core/ids.h"

#include <sodium.h>

#include <array>
#include <cstdint>

#include "core/crypto.h"

namespace sotay {
namespace {

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string NewUuid() {
  // InitCrypto only fails when the OS has no random source; randombytes_buf would
  // abort then anyway, so there is nothing useful to return.
  (void)crypto::InitCrypto();
  std::array<uint8_t, 16> b{};
  randombytes_buf(b.data(), b.size());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += kHex[b[i] >> 4];
    out += kHex[b[i] & 0x0f];
  }
  return out;
}

bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool hyphen_here = i == 8 || i == 13 || i == 18 || i == 23;
    if (hyphen_here ? text[i] != '-' : !IsLowerHex(text[i])) return false;
  }
  return true;
}

bool IsGroupId(std::string_view text) {
  if (text.empty() || text.size() > 32) return false;
  if (text[0] < 'a' || text[0] > 'z') return false;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace sotay
