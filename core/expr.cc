#include "core/expr.h"

#include <algorithm>
#include <exception>

#include "core/detail/expr_ast.h"
#include "core/detail/expr_eval.h"
#include "core/detail/expr_values.h"

namespace sotay {
namespace {

using expr_detail::BinOp;
using expr_detail::Node;

Status InternalError(const std::exception& e) {
  return Status::Error("expr_internal", std::string("Lỗi nội bộ của biểu thức: ") + e.what(),
                       std::string("Internal expression error: ") + e.what());
}

// Calls fn(node, child_call) for every node under `node`; child_call is the enclosing
// count()/sum() call when the node belongs to an expression over child records.
template <typename F>
void Visit(const Node& node, const Node* child_call, const F& fn) {
  fn(node, child_call);
  bool over_children = node.kind == Node::Kind::kCall && !node.child_type.empty();
  for (const auto& arg : node.args) Visit(*arg, over_children ? &node : child_call, fn);
}

void AddUnique(std::vector<std::string>* names, const std::string& name) {
  if (std::find(names->begin(), names->end(), name) == names->end()) names->push_back(name);
}

// Binding strength used by Canonical(): a child binding no tighter than its parent needs
// parentheses. Chains are flat, so an operand chain of the same level was parenthesized.
int Level(const Node& n) {
  switch (n.kind) {
    case Node::Kind::kOr:
      return 1;
    case Node::Kind::kAnd:
      return 2;
    case Node::Kind::kChain:
      switch (n.ops[0]) {
        case BinOp::kEq:
        case BinOp::kNe:
          return 3;
        case BinOp::kLt:
        case BinOp::kLe:
        case BinOp::kGt:
        case BinOp::kGe:
          return 4;
        case BinOp::kAdd:
        case BinOp::kSub:
          return 5;
        default:
          return 6;
      }
    case Node::Kind::kNeg:
      return 7;
    default:
      return 8;
  }
}

void Print(const Node& n, std::string* out);

void PrintOperand(const Node& n, int parent_level, std::string* out) {
  bool parens = Level(n) <= parent_level;
  if (parens) *out += '(';
  Print(n, out);
  if (parens) *out += ')';
}

void Print(const Node& n, std::string* out) {
  switch (n.kind) {
    case Node::Kind::kLiteral:
      if (n.literal.is_string()) {
        *out += '\'';
        for (char c : n.literal.get_ref<const std::string&>()) {
          if (c == '\'' || c == '\\') *out += '\\';
          *out += c;
        }
        *out += '\'';
      } else {
        *out += n.literal.dump();  // null, true, false, 12, 2.5, 1e+20
      }
      return;
    case Node::Kind::kField:
      *out += "${" + n.name + "}";
      return;
    case Node::Kind::kSelf:
      *out += '.';
      return;
    case Node::Kind::kNeg:
      *out += '-';
      PrintOperand(*n.args[0], Level(n) - 1, out);
      return;
    case Node::Kind::kChain:
    case Node::Kind::kAnd:
    case Node::Kind::kOr:
      for (size_t i = 0; i < n.args.size(); ++i) {
        if (i > 0) {
          *out += ' ';
          *out += n.kind == Node::Kind::kAnd  ? "and"
                  : n.kind == Node::Kind::kOr ? "or"
                                              : expr_detail::BinOpText(n.ops[i - 1]);
          *out += ' ';
        }
        PrintOperand(*n.args[i], Level(n), out);
      }
      return;
    case Node::Kind::kCall:
      *out += n.function->name;
      *out += '(';
      for (size_t i = 0; i < n.args.size(); ++i) {
        if (i > 0) *out += ", ";
        Print(*n.args[i], out);
      }
      *out += ')';
      return;
  }
}

}  // namespace

Result<Expression> Expression::Parse(std::string_view source) {
  try {
    Result<std::shared_ptr<const Node>> root = expr_detail::ParseTree(source);
    if (!root.ok()) return root.status();
    Expression e;
    e.source_ = std::string(source);
    e.root_ = std::move(root).value();
    return e;
  } catch (const std::exception& e) {  // out of memory; nothing else throws
    return InternalError(e);
  }
}

Result<Json> Expression::Evaluate(const EvalContext& ctx) const {
  if (root_ == nullptr) return Json(nullptr);
  try {
    return expr_detail::Evaluator(ctx).Eval(*root_);
  } catch (const std::exception& e) {  // out of memory, or thrown by ctx
    return InternalError(e);
  }
}

bool Expression::Truthy(const Json& v) { return expr_detail::Truthy(v); }

std::string Expression::Canonical() const {
  std::string out;
  if (root_ != nullptr) Print(*root_, &out);
  return out;
}

std::vector<std::string> Expression::FieldReferences() const {
  std::vector<std::string> names;
  if (root_ == nullptr) return names;
  Visit(*root_, nullptr, [&](const Node& n, const Node* child_call) {
    if (n.kind == Node::Kind::kField && child_call == nullptr) AddUnique(&names, n.name);
  });
  return names;
}

std::vector<std::string> Expression::ChildTypeReferences() const {
  std::vector<std::string> types;
  if (root_ == nullptr) return types;
  Visit(*root_, nullptr, [&](const Node& n, const Node*) {
    if (!n.child_type.empty()) AddUnique(&types, n.child_type);
  });
  return types;
}

std::vector<std::string> Expression::ChildFieldReferences(std::string_view type) const {
  std::vector<std::string> names;
  if (root_ == nullptr) return names;
  Visit(*root_, nullptr, [&](const Node& n, const Node* child_call) {
    if (n.kind == Node::Kind::kField && child_call != nullptr && child_call->child_type == type) {
      AddUnique(&names, n.name);
    }
  });
  return names;
}

bool Expression::ReferencesSelf() const {
  bool found = false;
  if (root_ == nullptr) return found;
  Visit(*root_, nullptr, [&](const Node& n, const Node* child_call) {
    found |= n.kind == Node::Kind::kSelf && child_call == nullptr;
  });
  return found;
}

}  // namespace sotay
