#include "server/text_fold.h"

#include <map>

namespace sotay {

namespace {

// Decodes one UTF-8 code point at text[i], advancing i; invalid bytes come back as
// themselves.
char32_t NextCodePoint(std::string_view text, size_t& i) {
  auto b = static_cast<unsigned char>(text[i]);
  int len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (len <= 1 || i + len > text.size()) {
    ++i;
    return b;
  }
  char32_t cp = b & (0xFF >> (len + 1));
  for (int k = 1; k < len; ++k) {
    auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return b;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
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

const std::map<char32_t, char>& FoldTable() {
  static const std::map<char32_t, char> table = [] {
    // Every Vietnamese letter with a mark, lower and upper case, by its base letter.
    const std::pair<char, std::string_view> groups[] = {
        {'a', "àáảãạăằắẳẵặâầấẩẫậÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
        {'d', "đĐ"},
        {'e', "èéẻẽẹêềếểễệÈÉẺẼẸÊỀẾỂỄỆ"},
        {'i', "ìíỉĩịÌÍỈĨỊ"},
        {'o', "òóỏõọôồốổỗộơờớởỡợÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
        {'u', "ùúủũụưừứửữựÙÚỦŨỤƯỪỨỬỮỰ"},
        {'y', "ỳýỷỹỵỲÝỶỸỴ"},
    };
    std::map<char32_t, char> t;
    for (const auto& [base, letters] : groups) {
      for (size_t i = 0; i < letters.size();) t[NextCodePoint(letters, i)] = base;
    }
    return t;
  }();
  return table;
}

}  // namespace

std::string FoldForSearch(std::string_view text) {
  const auto& table = FoldTable();
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = NextCodePoint(text, i);
    if (cp >= 0x300 && cp <= 0x36F) continue;  // combining marks (decomposed input)
    if (cp < 0x80) {
      out += static_cast<char>(cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp);
      continue;
    }
    auto it = table.find(cp);
    if (it != table.end()) {
      out += it->second;
    } else {
      AppendUtf8(out, cp);
    }
  }
  return out;
}

}  // namespace sotay
