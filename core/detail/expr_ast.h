// Internal: the syntax tree of an Expression, shared by the parser, the evaluator and the
// reference walkers. Immutable once parsed, so one tree is shared by every copy of an
// Expression and evaluated concurrently without locks.
#pragma once

#include <memory>
// GCC 12 reports false -Wmaybe-uninitialized inside <regex> when optimizing with
// sanitizers; silence it for the header only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <regex>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <string>
#include <vector>

#include "core/expr.h"
#include "core/record.h"
#include "core/status.h"

namespace sotay::expr_detail {

// Binary operators of one precedence level are kept as a flat chain (a op b op c ...)
// evaluated left to right, so long sums cost no recursion depth.
enum class BinOp { kEq, kNe, kLt, kLe, kGt, kGe, kAdd, kSub, kMul, kDivide, kIntDiv, kMod };

// Spelling of an operator as written in the language.
const char* BinOpText(BinOp op);

enum class Fn {
  kIf,
  kCoalesce,
  kSelected,
  kCountSelected,
  kCount,
  kSum,
  kToday,
  kAge,
  kRegex,
  kStringLength,
  kRound,
  kInt,
  kMin,
  kMax,
  kNumber,
  kDateDiffDays,
  kNot,
};

struct FunctionSpec {
  const char* name;
  Fn fn;
  int min_args;
  int max_args;  // -1: no limit
};

// The function with this name, or nullptr.
const FunctionSpec* FindFunction(std::string_view name);

struct Node {
  enum class Kind {
    kLiteral,  // literal
    kField,    // ${name}
    kSelf,     // . or ${.}
    kNeg,      // -args[0]
    kChain,    // args[0] ops[0] args[1] ops[1] args[2] ...
    kAnd,      // args[0] and args[1] and ...   (short-circuit)
    kOr,       // args[0] or args[1] or ...     (short-circuit)
    kCall,     // function->name(args...)
  };

  Kind kind = Kind::kLiteral;
  int pos = 0;  // 1-based character position in the source, for messages
  Json literal;
  std::string name;  // field name (kField)
  const FunctionSpec* function = nullptr;
  std::vector<std::unique_ptr<const Node>> args;
  std::vector<BinOp> ops;                   // kChain: ops.size() == args.size() - 1
  std::vector<int> op_pos;                  // kChain: position of each operator
  std::shared_ptr<const std::regex> regex;  // kCall regex() with a literal pattern
  // count()/sum(): child record type (first argument, always a string literal).
  std::string child_type;
};

// Bounds the recursion of parsing, evaluation and destruction on hostile input.
inline constexpr int kMaxNesting = Expression::kMaxNesting;

// Parses `source` into a tree (codes: see Expression::Parse in core/expr.h).
Result<std::shared_ptr<const Node>> ParseTree(std::string_view source);

// Compiles a regex() pattern (ECMAScript grammar), or returns nullptr and describes why.
// Patterns are limited in length and group nesting so compiling stays cheap and shallow.
std::shared_ptr<const std::regex> CompilePattern(const std::string& pattern, std::string* error_vi,
                                                 std::string* error_en);

}  // namespace sotay::expr_detail
