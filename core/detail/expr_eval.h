// Internal: the tree-walking evaluator. Holds only a reference to the context, so one tree
// can be evaluated by many evaluators at once.
#pragma once

#include "core/detail/expr_ast.h"
#include "core/expr.h"

namespace sotay::expr_detail {

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

  Result<Json> Eval(const Node& node) const;

 private:
  Result<Json> Chain(const Node& node) const;
  Result<Json> Negate(const Node& node) const;
  Result<Json> Call(const Node& node) const;  // core/expr_functions.cc

  // Function bodies that need more than a few lines (core/expr_functions.cc).
  Result<Json> Selected(const Node& node) const;
  Result<Json> CountSelected(const Node& node) const;
  Result<Json> CountChildren(const Node& node) const;
  Result<Json> SumChildren(const Node& node) const;
  Result<Json> Age(const Node& node) const;
  Result<Json> Regex(const Node& node) const;
  Result<Json> StringLength(const Node& node) const;
  Result<Json> Round(const Node& node) const;
  Result<Json> Int(const Node& node) const;
  Result<Json> MinMax(const Node& node, bool want_max) const;
  Result<Json> Number(const Node& node) const;
  Result<Json> DateDiffDays(const Node& node) const;

  const EvalContext& ctx_;
};

// Applies one binary operator (comparison or arithmetic); `pos` is the operator's.
Result<Json> ApplyBinary(BinOp op, const Json& a, const Json& b, int pos);

}  // namespace sotay::expr_detail
