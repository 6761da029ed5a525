#include "core/text_fold.h"

#include <cstdint>

namespace sotay {
namespace {

// Decodes one UTF-8 code point at text[i], advancing i; returns -1 for an invalid byte
// (skipped).
int32_t NextCodePoint(std::string_view text, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<uint8_t>(text[k]); };
  uint8_t b = byte(i);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len == 0 || i + len > text.size()) {
    ++i;
    return -1;
  }
  int32_t cp = len == 1 ? b : b & (0x7F >> len);
  for (int k = 1; k < len; ++k) {
    uint8_t c = byte(i + k);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

void AppendUtf8(int32_t cp, std::string& out) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The base letter of a Vietnamese (or Latin-1) letter, lower case; 0 when `cp` is not
// one; -2 for a combining mark (dropped).
int32_t BaseLetter(int32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + ('a' - 'A');
  if (cp >= 0x300 && cp <= 0x36F) return -2;
  if (cp >= 0xC0 && cp <= 0xFF) {
    // Latin-1 Supplement: upper case C0–DE, lower case E0–FE share one layout.
    static constexpr char kLatin1[] = "aaaaaaaceeeeiiiidnooooo_ouuuuy__";
    int32_t k = cp >= 0xE0 ? cp - 0xE0 : cp - 0xC0;
    char c = kLatin1[k];
    return c == '_' ? 0 : c;
  }
  switch (cp) {
    case 0x102:
    case 0x103:
      return 'a';  // Ă ă
    case 0x110:
    case 0x111:
      return 'd';  // Đ đ
    case 0x128:
    case 0x129:
      return 'i';  // Ĩ ĩ
    case 0x168:
    case 0x169:
      return 'u';  // Ũ ũ
    case 0x1A0:
    case 0x1A1:
      return 'o';  // Ơ ơ
    case 0x1AF:
    case 0x1B0:
      return 'u';  // Ư ư
    default:
      break;
  }
  // Latin Extended Additional, the Vietnamese block: Ạ..ặ, Ẹ..ệ, Ỉ..ị, Ọ..ợ, Ụ..ự, Ỳ..ỹ.
  if (cp >= 0x1EA0 && cp <= 0x1EB7) return 'a';
  if (cp >= 0x1EB8 && cp <= 0x1EC7) return 'e';
  if (cp >= 0x1EC8 && cp <= 0x1ECB) return 'i';
  if (cp >= 0x1ECC && cp <= 0x1EE3) return 'o';
  if (cp >= 0x1EE4 && cp <= 0x1EF1) return 'u';
  if (cp >= 0x1EF2 && cp <= 0x1EF9) return 'y';
  return 0;
}

bool IsSpace(int32_t cp) {
  return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0;
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    int32_t cp = NextCodePoint(text, i);
    if (cp < 0) continue;
    if (IsSpace(cp)) {
      pending_space = !out.empty();
      continue;
    }
    int32_t base = BaseLetter(cp);
    if (base == -2) continue;
    if (pending_space) out += ' ';
    pending_space = false;
    AppendUtf8(base > 0 ? base : cp, out);
  }
  return out;
}

}  // namespace sotay
