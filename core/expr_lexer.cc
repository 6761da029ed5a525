#include "core/detail/expr_lexer.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/detail/expr_ast.h"

namespace sotay::expr_detail {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNameStart(char c) { return IsAlpha(c) || c == '_'; }
bool IsNameChar(char c) { return IsNameStart(c) || IsDigit(c); }
bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte length of the UTF-8 sequence starting at s[i] (1 for malformed bytes), so an
// unexpected non-ASCII character is quoted whole in messages.
size_t CodePointLength(std::string_view s, size_t i) {
  size_t n = 1;
  while (i + n < s.size() && IsContinuationByte(s[i + n])) ++n;
  return n;
}

struct Keyword {
  std::string_view text;
  Tok kind;
};
constexpr Keyword kKeywords[] = {{"and", Tok::kAnd},  {"or", Tok::kOr},     {"div", Tok::kDiv},
                                 {"mod", Tok::kMod},  {"true", Tok::kTrue}, {"false", Tok::kFalse},
                                 {"null", Tok::kNull}};

// Tokens of one character that never start a longer one.
struct Single {
  char c;
  Tok kind;
};
constexpr Single kSingles[] = {{'.', Tok::kSelf},  {'(', Tok::kLParen}, {')', Tok::kRParen},
                               {',', Tok::kComma}, {'+', Tok::kPlus},   {'-', Tok::kMinus},
                               {'*', Tok::kStar},  {'/', Tok::kSlash}};

const Keyword* FindKeyword(std::string_view word) {
  for (const Keyword& k : kKeywords) {
    if (k.text == word) return &k;
  }
  return nullptr;
}

class Lexer {
 public:
  explicit Lexer(std::string_view src) : src_(src) {}

  Result<std::vector<Token>> Run() {
    std::vector<Token> out;
    while (true) {
      SkipSpace();
      Token t;
      t.pos = PosAt(i_);
      if (i_ >= src_.size()) {
        t.kind = Tok::kEnd;
        out.push_back(std::move(t));
        return out;
      }
      size_t start = i_;
      Status s = Next(&t);
      if (!s.ok()) return s;
      t.text = src_.substr(start, i_ - start);
      out.push_back(std::move(t));
    }
  }

 private:
  // 1-based code point position of byte offset `byte`; offsets are asked in increasing
  // order, so counting resumes where it stopped and lexing stays linear.
  int PosAt(size_t byte) {
    for (; counted_ < byte && counted_ < src_.size(); ++counted_) {
      if (!IsContinuationByte(src_[counted_])) ++pos_;
    }
    return pos_ + 1;
  }

  char Peek(size_t ahead = 0) const { return i_ + ahead < src_.size() ? src_[i_ + ahead] : '\0'; }

  void SkipSpace() {
    while (i_ < src_.size() &&
           (src_[i_] == ' ' || src_[i_] == '\t' || src_[i_] == '\n' || src_[i_] == '\r')) {
      ++i_;
    }
  }

  Status Next(Token* t) {
    char c = Peek();
    if (IsDigit(c) || (c == '.' && IsDigit(Peek(1)))) return Number(t);
    if (c == '\'' || c == '"') return String(t);
    if (c == '$') return FieldRef(t);
    if (IsNameStart(c)) {
      Word(t);
      return Status::Ok();
    }
    ++i_;
    for (const Single& single : kSingles) {
      if (single.c == c) {
        t->kind = single.kind;
        return Status::Ok();
      }
    }
    switch (c) {
      case '=':
        if (Peek() == '=') {
          return SyntaxError(t->pos, "dùng '=' để so sánh bằng, không dùng '=='",
                             "use '=' to compare for equality, not '=='");
        }
        t->kind = Tok::kEq;
        return Status::Ok();
      case '!':
        if (Peek() == '=') {
          ++i_;
          t->kind = Tok::kNe;
          return Status::Ok();
        }
        return SyntaxError(t->pos, "dùng not(x) thay cho '!'", "use not(x) instead of '!'");
      case '<':
        t->kind = Tok::kLt;
        if (Peek() == '=') ++i_, t->kind = Tok::kLe;
        return Status::Ok();
      case '>':
        t->kind = Tok::kGt;
        if (Peek() == '=') ++i_, t->kind = Tok::kGe;
        return Status::Ok();
      case '&':
      case '|':
        if (Peek() == c) {
          std::string word = c == '&' ? "and" : "or";
          return SyntaxError(t->pos, "dùng '" + word + "' thay cho '" + std::string(2, c) + "'",
                             "use '" + word + "' instead of '" + std::string(2, c) + "'");
        }
        break;
      default:
        break;
    }
    std::string ch(src_.substr(i_ - 1, CodePointLength(src_, i_ - 1)));
    return SyntaxError(t->pos, "ký tự không hợp lệ '" + ch + "'",
                       "unexpected character '" + ch + "'");
  }

  Status Number(Token* t) {
    size_t start = i_;
    bool integral = true;
    while (IsDigit(Peek())) ++i_;
    if (Peek() == '.') {
      integral = false;
      ++i_;
      if (!IsDigit(Peek())) {
        return SyntaxError(PosAt(i_), "thiếu chữ số sau dấu '.'", "expected a digit after '.'");
      }
      while (IsDigit(Peek())) ++i_;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      integral = false;
      ++i_;
      if (Peek() == '+' || Peek() == '-') ++i_;
      if (!IsDigit(Peek())) {
        return SyntaxError(PosAt(i_), "thiếu chữ số của số mũ", "expected a digit in the exponent");
      }
      while (IsDigit(Peek())) ++i_;
    }
    if (IsNameStart(Peek())) {
      return SyntaxError(PosAt(i_), "thiếu khoảng trắng hoặc phép toán sau số",
                         "expected a space or an operator after a number");
    }
    std::string digits(src_.substr(start, i_ - start));
    t->kind = Tok::kNumber;
    if (integral) {
      // Exact int64 when it fits; larger integers become doubles, like JSON parsers do.
      int64_t v = 0;
      bool fits = true;
      for (char d : digits) {
        if (v > (INT64_MAX - (d - '0')) / 10) {
          fits = false;
          break;
        }
        v = v * 10 + (d - '0');
      }
      if (fits) {
        t->value = v;
        return Status::Ok();
      }
    }
    double d = std::strtod(digits.c_str(), nullptr);
    if (!std::isfinite(d)) {
      return SyntaxError(t->pos, "số quá lớn '" + digits + "'",
                         "number too large '" + digits + "'");
    }
    t->value = d;
    return Status::Ok();
  }

  Status String(Token* t) {
    char quote = src_[i_++];
    std::string value;
    while (true) {
      if (i_ >= src_.size()) {
        return SyntaxError(t->pos, std::string("chuỗi chưa đóng, thiếu ") + quote,
                           std::string("unterminated string, expected closing ") + quote);
      }
      char c = src_[i_++];
      if (c == quote) break;
      // Only \' \" \\ are escapes; any other backslash is kept, so regex patterns such as
      // '\d{12}' can be written naturally.
      if (c == '\\' && i_ < src_.size() &&
          (src_[i_] == '\'' || src_[i_] == '"' || src_[i_] == '\\')) {
        c = src_[i_++];
      }
      value += c;
    }
    t->kind = Tok::kString;
    t->value = std::move(value);
    return Status::Ok();
  }

  Status FieldRef(Token* t) {
    ++i_;  // $
    if (Peek() != '{') {
      return SyntaxError(t->pos, "thiếu '{' sau '$'; viết ${tên_trường}",
                         "expected '{' after '$'; write ${field_name}");
    }
    ++i_;
    if (Peek() == '.' && Peek(1) == '}') {
      i_ += 2;
      t->kind = Tok::kSelf;
      return Status::Ok();
    }
    if (!IsNameStart(Peek())) {
      return SyntaxError(PosAt(i_), "thiếu tên trường sau '${'",
                         "expected a field name after '${'");
    }
    size_t start = i_;
    while (IsNameChar(Peek())) ++i_;
    if (Peek() != '}') {
      return SyntaxError(PosAt(i_), "thiếu '}' sau tên trường",
                         "expected '}' after the field name");
    }
    t->name = std::string(src_.substr(start, i_ - start));
    ++i_;
    t->kind = Tok::kField;
    return Status::Ok();
  }

  // A keyword or a function name. Function names may contain hyphens (string-length);
  // a hyphen joins words only when it makes a known function, so `10 div-1` and
  // `${a} mod-${b}` still read as operators.
  void Word(Token* t) {
    size_t start = i_;
    while (IsNameChar(Peek())) ++i_;
    size_t first_end = i_;
    while (Peek() == '-' && IsAlpha(Peek(1))) {
      i_ += 1;
      while (IsNameChar(Peek())) ++i_;
    }
    std::string_view word = src_.substr(start, i_ - start);
    if (i_ != first_end && FindFunction(word) == nullptr &&
        FindKeyword(src_.substr(start, first_end - start)) != nullptr) {
      i_ = first_end;
      word = src_.substr(start, i_ - start);
    }
    if (const Keyword* k = FindKeyword(word)) {
      t->kind = k->kind;
      return;
    }
    t->kind = Tok::kName;
    t->name = std::string(word);
  }

  std::string_view src_;
  size_t i_ = 0;
  size_t counted_ = 0;
  int pos_ = 0;
};

}  // namespace

Result<std::vector<Token>> Tokenize(std::string_view source) { return Lexer(source).Run(); }

Status SyntaxError(int pos, const std::string& vi_detail, const std::string& en_detail) {
  std::string p = std::to_string(pos);
  return Status::Error("expr_syntax", "Lỗi cú pháp ở vị trí " + p + ": " + vi_detail,
                       "Syntax error at position " + p + ": " + en_detail);
}

namespace {
// The token as quoted in messages, cut on a character boundary when long.
std::string Quote(std::string_view text) {
  constexpr size_t kMax = 30;
  if (text.size() <= kMax) return "'" + std::string(text) + "'";
  size_t cut = kMax;
  while (cut > 0 && IsContinuationByte(text[cut])) --cut;
  return "'" + std::string(text.substr(0, cut)) + "...'";
}
}  // namespace

std::string DescribeVi(const Token& t) {
  return t.kind == Tok::kEnd ? "cuối biểu thức" : Quote(t.text);
}

std::string DescribeEn(const Token& t) {
  return t.kind == Tok::kEnd ? "end of expression" : Quote(t.text);
}

}  // namespace sotay::expr_detail
