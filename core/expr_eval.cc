// Evaluation of literals, references, and/or, and the binary and unary operators.
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "core/detail/expr_eval.h"
#include "core/detail/expr_values.h"

namespace sotay::expr_detail {
namespace {

// A string compared with a number is read as a number when it spells one, because
// select_one codes are strings ("1") that authors compare with numbers.
std::optional<double> NumberForCompare(const Json& v) {
  if (v.is_number()) return AsDouble(v);
  if (v.is_string()) {
    std::optional<Json> n = ParseNumberText(v.get_ref<const std::string&>());
    if (n) return AsDouble(*n);
  }
  return std::nullopt;
}

bool Equal(const Json& a, const Json& b) {
  if (a.is_null() || b.is_null()) return a.is_null() && b.is_null();
  if (IsInt(a) && IsInt(b)) return AsInt(a) == AsInt(b);
  if (a.is_number() || b.is_number()) {
    if (!(a.is_number() || a.is_string()) || !(b.is_number() || b.is_string())) return false;
    std::optional<double> x = NumberForCompare(a), y = NumberForCompare(b);
    return x && y && *x == *y;
  }
  return a == b;
}

// -1, 0, 1 for a < b, a = b, a > b; nullopt when the two cannot be ordered.
std::optional<int> Order(const Json& a, const Json& b) {
  auto sign = [](auto x, auto y) { return x < y ? -1 : (y < x ? 1 : 0); };
  if (IsInt(a) && IsInt(b)) return sign(AsInt(a), AsInt(b));
  if (a.is_string() && b.is_string()) {
    int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_boolean() && b.is_boolean()) return sign(a.get<bool>(), b.get<bool>());
  if (a.is_number() || b.is_number()) {
    std::optional<double> x = NumberForCompare(a), y = NumberForCompare(b);
    if (x && y) return sign(*x, *y);
  }
  return std::nullopt;
}

Result<Json> Compare(BinOp op, const Json& a, const Json& b, int pos) {
  if (op == BinOp::kEq) return Json(Equal(a, b));
  if (op == BinOp::kNe) return Json(!Equal(a, b));
  if (a.is_null() || b.is_null()) return Json(false);
  std::optional<int> c = Order(a, b);
  if (!c) {
    std::string o = BinOpText(op);
    return TypeError(pos, "không thể so sánh " + TypeNameVi(a) + " " + o + " " + TypeNameVi(b),
                     "cannot compare " + TypeNameEn(a) + " " + o + " " + TypeNameEn(b));
  }
  switch (op) {
    case BinOp::kLt:
      return Json(*c < 0);
    case BinOp::kLe:
      return Json(*c <= 0);
    case BinOp::kGt:
      return Json(*c > 0);
    default:
      return Json(*c >= 0);
  }
}

// Integer arithmetic that stays integer unless it overflows.
std::optional<int64_t> IntOp(BinOp op, int64_t x, int64_t y) {
  int64_t r = 0;
  switch (op) {
    case BinOp::kAdd:
      if (__builtin_add_overflow(x, y, &r)) return std::nullopt;
      return r;
    case BinOp::kSub:
      if (__builtin_sub_overflow(x, y, &r)) return std::nullopt;
      return r;
    case BinOp::kMul:
      if (__builtin_mul_overflow(x, y, &r)) return std::nullopt;
      return r;
    case BinOp::kIntDiv:
      if (x == std::numeric_limits<int64_t>::min() && y == -1) return std::nullopt;
      return x / y;
    case BinOp::kMod:
      if (y == -1) return 0;
      return x % y;
    default:
      return std::nullopt;
  }
}

Result<Json> Arithmetic(BinOp op, const Json& a, const Json& b, int pos) {
  if (a.is_null() || b.is_null()) return Json(nullptr);
  if (!a.is_number() || !b.is_number()) {
    std::string o = BinOpText(op);
    return TypeError(
        pos, "phép '" + o + "' cần hai số, có " + TypeNameVi(a) + " và " + TypeNameVi(b),
        "'" + o + "' needs two numbers, got " + TypeNameEn(a) + " and " + TypeNameEn(b));
  }
  double x = AsDouble(a), y = AsDouble(b);
  bool divides = op == BinOp::kDivide || op == BinOp::kIntDiv || op == BinOp::kMod;
  if (divides && y == 0) return Json(nullptr);  // division by zero has no value
  if (op != BinOp::kDivide && IsInt(a) && IsInt(b)) {
    if (std::optional<int64_t> r = IntOp(op, AsInt(a), AsInt(b))) return Json(*r);
  }
  switch (op) {
    case BinOp::kAdd:
      return MakeDouble(x + y);
    case BinOp::kSub:
      return MakeDouble(x - y);
    case BinOp::kMul:
      return MakeDouble(x * y);
    case BinOp::kDivide:
      return MakeDouble(x / y);
    case BinOp::kIntDiv:
      return MakeIntegral(std::trunc(x / y));
    default:
      return MakeDouble(std::fmod(x, y));
  }
}

}  // namespace

Result<Json> ApplyBinary(BinOp op, const Json& a, const Json& b, int pos) {
  switch (op) {
    case BinOp::kEq:
    case BinOp::kNe:
    case BinOp::kLt:
    case BinOp::kLe:
    case BinOp::kGt:
    case BinOp::kGe:
      return Compare(op, a, b, pos);
    default:
      return Arithmetic(op, a, b, pos);
  }
}

Result<Json> Evaluator::Eval(const Node& node) const {
  switch (node.kind) {
    case Node::Kind::kLiteral:
      return node.literal;
    case Node::Kind::kField:
      return ctx_.Field(node.name);
    case Node::Kind::kSelf:
      return ctx_.Self();
    case Node::Kind::kNeg:
      return Negate(node);
    case Node::Kind::kChain:
      return Chain(node);
    case Node::Kind::kAnd:
    case Node::Kind::kOr: {
      bool is_or = node.kind == Node::Kind::kOr;
      for (const auto& arg : node.args) {
        Result<Json> v = Eval(*arg);
        if (!v.ok()) return v;
        if (Truthy(*v) == is_or) return Json(is_or);
      }
      return Json(!is_or);
    }
    case Node::Kind::kCall:
      return Call(node);
  }
  return Json(nullptr);
}

Result<Json> Evaluator::Chain(const Node& node) const {
  Result<Json> acc = Eval(*node.args[0]);
  for (size_t i = 0; acc.ok() && i < node.ops.size(); ++i) {
    Result<Json> rhs = Eval(*node.args[i + 1]);
    if (!rhs.ok()) return rhs;
    acc = ApplyBinary(node.ops[i], *acc, *rhs, node.op_pos[i]);
  }
  return acc;
}

Result<Json> Evaluator::Negate(const Node& node) const {
  Result<Json> v = Eval(*node.args[0]);
  if (!v.ok() || v->is_null()) return v;
  if (IsInt(*v) && AsInt(*v) != std::numeric_limits<int64_t>::min()) return Json(-AsInt(*v));
  if (v->is_number()) return MakeDouble(-AsDouble(*v));
  return TypeError(node.pos, "dấu '-' cần một số, có " + TypeNameVi(*v),
                   "'-' needs a number, got " + TypeNameEn(*v));
}

}  // namespace sotay::expr_detail
