// Internal: turns expression source into tokens. See core/expr.h for the language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"

namespace sotay::expr_detail {

enum class Tok {
  kNumber,  // value
  kString,  // value
  kField,   // ${text}
  kSelf,    // . or ${.}
  kName,    // a function name, possibly hyphenated: string-length
  kTrue,
  kFalse,
  kNull,
  kAnd,
  kOr,
  kDiv,  // keyword div
  kMod,
  kLParen,
  kRParen,
  kComma,
  kPlus,
  kMinus,
  kStar,
  kSlash,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kEnd,
};

struct Token {
  Tok kind = Tok::kEnd;
  int pos = 0;            // 1-based character (code point) position
  std::string_view text;  // as written in the source
  Json value;             // kNumber, kString
  std::string name;       // kField, kName
};

// Splits `source` into tokens ending with a kEnd token (whose pos is one past the end).
// Fails with "expr_syntax" at the first malformed token.
Result<std::vector<Token>> Tokenize(std::string_view source);

// "Lỗi cú pháp ở vị trí 7: thiếu ')'" / "Syntax error at position 7: expected ')'".
Status SyntaxError(int pos, const std::string& vi_detail, const std::string& en_detail);

// How a token is shown in messages: 'text', or "end of expression".
std::string DescribeVi(const Token& t);
std::string DescribeEn(const Token& t);

}  // namespace sotay::expr_detail
