#include "core/log_page.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "core/store.h"

namespace sotay {

namespace {

// A cursor over JSON text that reads tokens without building values.
class TokenReader {
 public:
  explicit TokenReader(std::string_view text) : t_(text) {}

  size_t pos() const { return i_; }
  bool AtEnd() {
    SkipSpace();
    return i_ == t_.size();
  }
  // Consumes `c` (after white space) if it is next.
  bool Take(char c) {
    SkipSpace();
    if (i_ < t_.size() && t_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    SkipSpace();
    return i_ < t_.size() && t_[i_] == c;
  }

  // A string token; `token` gets its text with the quotes.
  bool String(std::string_view* token) {
    SkipSpace();
    const size_t start = i_;
    if (i_ >= t_.size() || t_[i_] != '"') return false;
    for (++i_; i_ < t_.size(); ++i_) {
      const auto c = static_cast<unsigned char>(t_[i_]);
      if (c == '"') {
        ++i_;
        if (token) *token = t_.substr(start, i_ - start);
        return true;
      }
      if (c < 0x20) return false;
      if (c == '\\' && !Escape()) return false;
    }
    return false;
  }

  // An integer token (no fraction or exponent) that fits int64.
  bool Integer(int64_t* value) {
    SkipSpace();
    const bool negative = i_ < t_.size() && t_[i_] == '-';
    if (negative) ++i_;
    const size_t digits = i_;
    uint64_t n = 0;
    for (; i_ < t_.size() && IsDigit(t_[i_]); ++i_) {
      if (n > (std::numeric_limits<uint64_t>::max() - 9) / 10) return false;
      n = n * 10 + static_cast<uint64_t>(t_[i_] - '0');
    }
    if (i_ == digits || (t_[digits] == '0' && i_ - digits > 1)) return false;
    if (i_ < t_.size() && (t_[i_] == '.' || t_[i_] == 'e' || t_[i_] == 'E')) return false;
    const uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
    if (n > limit) return false;
    *value = negative ? static_cast<int64_t>(0 - n) : static_cast<int64_t>(n);
    return true;
  }

  // Any JSON value; `token` gets its text. Containers are followed with an explicit
  // stack of open brackets rather than by recursion.
  bool Value(std::string_view* token) {
    SkipSpace();
    const size_t start = i_;
    std::string open;
    for (;;) {
      // A value starts here.
      if (Take('{')) {
        if (!Take('}')) {
          open += '{';
          if (!String(nullptr) || !Take(':')) return false;
          continue;
        }
      } else if (Take('[')) {
        if (!Take(']')) {
          open += '[';
          continue;
        }
      } else if (Peek('"')) {
        if (!String(nullptr)) return false;
      } else if (!Scalar()) {
        return false;
      }
      // A value ended: close what it ends, or go on to the next element.
      for (;;) {
        if (open.empty()) {
          *token = t_.substr(start, i_ - start);
          return true;
        }
        if (Take(',')) {
          if (open.back() == '{' && (!String(nullptr) || !Take(':'))) return false;
          break;
        }
        if (!Take(open.back() == '{' ? '}' : ']')) return false;
        open.pop_back();
      }
    }
  }

 private:
  static bool IsDigit(char c) { return c >= '0' && c <= '9'; }
  static bool IsHex(char c) {
    return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  void SkipSpace() {
    while (i_ < t_.size() && std::string_view(" \t\n\r").find(t_[i_]) != std::string_view::npos)
      ++i_;
  }

  // At a backslash inside a string: moves to the escape's last character. As in JSON
  // (and nlohmann), a \u escape of a UTF-16 surrogate must be a high one followed by a
  // low one.
  bool Escape() {
    if (++i_ >= t_.size()) return false;
    if (t_[i_] != 'u') return std::string_view("\"\\/bfnrt").find(t_[i_]) != std::string_view::npos;
    const int unit = Hex4();
    if (unit < 0xD800 || unit > 0xDFFF) return unit >= 0;
    if (unit >= 0xDC00) return false;  // a low surrogate first
    if (i_ + 2 >= t_.size() || t_[i_ + 1] != '\\' || t_[i_ + 2] != 'u') return false;
    i_ += 2;
    const int low = Hex4();
    return low >= 0xDC00 && low <= 0xDFFF;
  }

  // At the 'u' of a \u escape: reads its four hex digits (-1 if they are not), moving
  // to the last.
  int Hex4() {
    int unit = 0;
    for (int k = 0; k < 4; ++k) {
      if (++i_ >= t_.size() || !IsHex(t_[i_])) return -1;
      const char c = t_[i_];
      unit = unit * 16 + (IsDigit(c) ? c - '0' : (c | 0x20) - 'a' + 10);
    }
    return unit;
  }

  // true, false, null or a number.
  bool Scalar() {
    for (std::string_view word : {"true", "false", "null"}) {
      if (t_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    auto digits = [&] {
      const size_t from = i_;
      while (i_ < t_.size() && IsDigit(t_[i_])) ++i_;
      return i_ > from;
    };
    const size_t start = i_;
    if (i_ < t_.size() && t_[i_] == '-') ++i_;
    const size_t first = i_;
    if (!digits() || (t_[first] == '0' && i_ - first > 1)) return false;
    if (i_ < t_.size() && t_[i_] == '.') {
      ++i_;
      if (!digits()) return false;
    }
    bool exponent = false;
    if (i_ < t_.size() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      ++i_;
      if (i_ < t_.size() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      if (!digits()) return false;
      exponent = true;
    }
    // Like nlohmann, refuse a number too large for a double; only an exponent or more
    // digits than 10^308 has can make one.
    if (exponent || i_ - first > kMaxSafeDigits) {
      const std::string number(t_.substr(start, i_ - start));
      return std::isfinite(std::strtod(number.c_str(), nullptr));
    }
    return true;
  }

  static constexpr size_t kMaxSafeDigits = 308;  // digits (and a fraction) below 10^308

  std::string_view t_;
  size_t i_ = 0;
};

uint32_t Offset(std::string_view text, std::string_view part) {
  return static_cast<uint32_t>(part.data() - text.data());
}

// The string a JSON string token spells.
bool DecodeString(std::string_view token, std::string& out) {
  if (token.size() >= 2 && token.front() == '"' && token.back() == '"' &&
      token.find_first_of("\\\"", 1) == token.size() - 1) {
    out.assign(token.substr(1, token.size() - 2));
    return true;
  }
  Json j = Json::parse(token.begin(), token.end(), nullptr, /*allow_exceptions=*/false);
  if (!j.is_string()) return false;
  out = std::move(j.get_ref<std::string&>());
  return true;
}

Status CorruptPage() {
  return Status::Error("store_corrupt", "Dữ liệu đã lưu bị hỏng (trang nhật ký)",
                       "Stored data is corrupt (log page)");
}

}  // namespace

bool ScanStoredFields(std::string_view text, std::vector<StoredFieldSpan>& out) {
  if (text.size() >= std::numeric_limits<uint32_t>::max()) return false;
  TokenReader r(text);
  if (!r.Take('{')) return false;
  if (!r.Take('}')) {
    do {
      StoredFieldSpan span;
      std::string_view name, value, hlc, key;
      if (!r.String(&name) || !r.Take(':') || !r.Take('{')) return false;
      bool has_value = false, has_hlc = false;
      if (!r.Take('}')) {
        do {
          if (!r.String(&key) || !r.Take(':')) return false;
          if (key == "\"v\"") {
            if (!r.Value(&value)) return false;
            has_value = true;
          } else if (key == "\"h\"") {
            if (!r.String(&hlc)) return false;
            has_hlc = true;
          } else if (key == "\"s\"") {
            if (!r.Integer(&span.seq)) return false;
          } else {
            std::string_view ignored;
            if (!r.Value(&ignored)) return false;
          }
        } while (r.Take(','));
        if (!r.Take('}')) return false;
      }
      if (!has_value || !has_hlc) return false;
      span.name_at = Offset(text, name);
      span.name_size = static_cast<uint32_t>(name.size());
      span.value_at = Offset(text, value);
      span.value_size = static_cast<uint32_t>(value.size());
      span.hlc_at = Offset(text, hlc);
      span.hlc_size = static_cast<uint32_t>(hlc.size());
      out.push_back(span);
    } while (r.Take(','));
    if (!r.Take('}')) return false;
  }
  return r.AtEnd();
}

bool IndexLoggedFields(LoggedRecord& record) {
  record.logged.clear();
  if (!ScanStoredFields(record.fields, record.logged)) return false;
  // Fields never logged (seq 0, e.g. written before the server kept a log) are not sent.
  std::erase_if(record.logged, [](const StoredFieldSpan& f) { return f.seq == 0; });
  std::sort(record.logged.begin(), record.logged.end(),
            [](const StoredFieldSpan& a, const StoredFieldSpan& b) { return a.seq < b.seq; });
  return true;
}

Result<std::vector<Change>> DecodeLogPage(const LogPage& page) {
  std::vector<Change> out;
  out.reserve(page.change_count);
  for (const LoggedRecord& r : page.records) {
    for (const StoredFieldSpan& span : r.logged) {
      Change& c = out.emplace_back();
      c.record_id = r.id;
      c.record_type = r.type;
      c.group_id = r.group_id;
      c.parent_id = r.parent_id;
      c.server_seq = span.seq;
      const std::string_view value = span.Value(r.fields);
      c.value = Json::parse(value.begin(), value.end(), nullptr, /*allow_exceptions=*/false);
      if (c.value.is_discarded() || !DecodeString(span.Name(r.fields), c.field) ||
          !DecodeString(span.Hlc(r.fields), c.hlc)) {
        return CorruptPage();
      }
    }
  }
  return out;
}

Result<ChangePage> Store::ReadChanges(int64_t since_seq, int64_t limit, const GroupFilter& groups) {
  Result<LogPage> page = ReadLogPage(since_seq, limit, groups);
  if (!page.ok()) return page.status();
  Result<std::vector<Change>> changes = DecodeLogPage(*page);
  if (!changes.ok()) return changes.status();
  return ChangePage{std::move(*changes), page->more, page->next};
}

}  // namespace sotay
