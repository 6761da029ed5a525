// Recursive-descent parser of the expression language, one function per precedence level
// (lowest first): or, and, = !=, < <= > >=, + -, * / div mod, unary -, primary.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/detail/expr_ast.h"
#include "core/detail/expr_lexer.h"

namespace sotay::expr_detail {
namespace {

using NodePtr = std::unique_ptr<Node>;

constexpr FunctionSpec kFunctions[] = {
    {"if", Fn::kIf, 3, 3},
    {"coalesce", Fn::kCoalesce, 2, -1},
    {"selected", Fn::kSelected, 2, 2},
    {"count-selected", Fn::kCountSelected, 1, 1},
    {"count", Fn::kCount, 1, 2},
    {"sum", Fn::kSum, 2, 2},
    {"today", Fn::kToday, 0, 0},
    {"age", Fn::kAge, 1, 2},
    {"regex", Fn::kRegex, 2, 2},
    {"string-length", Fn::kStringLength, 1, 1},
    {"round", Fn::kRound, 1, 2},
    {"int", Fn::kInt, 1, 1},
    {"min", Fn::kMin, 1, -1},
    {"max", Fn::kMax, 1, -1},
    {"number", Fn::kNumber, 1, 1},
    {"date-diff-days", Fn::kDateDiffDays, 2, 2},
    {"not", Fn::kNot, 1, 1},
};

Status ParseError(const char* code, int pos, const std::string& vi_what, const std::string& en_what,
                  const std::string& vi_detail, const std::string& en_detail) {
  std::string p = std::to_string(pos);
  return Status::Error(code, vi_what + " ở vị trí " + p + ": " + vi_detail,
                       en_what + " at position " + p + ": " + en_detail);
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

  Result<std::shared_ptr<const Node>> Run() {
    NodePtr root;
    SOTAY_RETURN_IF_ERROR(ParseOr(&root));
    if (Cur().kind != Tok::kEnd) {
      return SyntaxError(Cur().pos, "thừa " + DescribeVi(Cur()) + ", cần phép toán hoặc kết thúc",
                         "expected an operator or the end, found " + DescribeEn(Cur()));
    }
    return std::shared_ptr<const Node>(std::move(root));
  }

 private:
  const Token& Cur() const { return toks_[i_]; }
  const Token& Advance() { return toks_[i_ < toks_.size() - 1 ? i_++ : i_]; }

  Status Expect(Tok kind, const char* text) {
    if (Cur().kind != kind) {
      return SyntaxError(Cur().pos, std::string("thiếu '") + text + "', gặp " + DescribeVi(Cur()),
                         std::string("expected '") + text + "', found " + DescribeEn(Cur()));
    }
    Advance();
    return Status::Ok();
  }

  // Entered once per parenthesis, argument list and unary minus; see kMaxNesting.
  Status Enter(int pos) {
    if (++depth_ > kMaxNesting) {
      return ParseError("expr_too_deep", pos, "Biểu thức lồng quá sâu",
                        "Expression nested too deeply",
                        "tối đa " + std::to_string(kMaxNesting) + " mức",
                        "at most " + std::to_string(kMaxNesting) + " levels");
    }
    return Status::Ok();
  }
  void Leave() { --depth_; }

  // and/or: a flat list of operands, short-circuited by the evaluator.
  Status ParseLogical(Node::Kind kind, Tok op, Status (Parser::*operand)(NodePtr*), NodePtr* out) {
    NodePtr first;
    SOTAY_RETURN_IF_ERROR((this->*operand)(&first));
    if (Cur().kind != op) {
      *out = std::move(first);
      return Status::Ok();
    }
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->pos = Cur().pos;
    node->args.push_back(std::move(first));
    while (Cur().kind == op) {
      Advance();
      NodePtr next;
      SOTAY_RETURN_IF_ERROR((this->*operand)(&next));
      node->args.push_back(std::move(next));
    }
    *out = std::move(node);
    return Status::Ok();
  }

  Status ParseOr(NodePtr* out) {
    return ParseLogical(Node::Kind::kOr, Tok::kOr, &Parser::ParseAnd, out);
  }
  Status ParseAnd(NodePtr* out) {
    return ParseLogical(Node::Kind::kAnd, Tok::kAnd, &Parser::ParseEquality, out);
  }

  // One left-associative level of binary operators as a chain node.
  template <typename OpOf>
  Status ParseChain(OpOf op_of, Status (Parser::*operand)(NodePtr*), NodePtr* out) {
    NodePtr first;
    SOTAY_RETURN_IF_ERROR((this->*operand)(&first));
    BinOp op;
    if (!op_of(Cur().kind, &op)) {
      *out = std::move(first);
      return Status::Ok();
    }
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kChain;
    node->pos = first->pos;
    node->args.push_back(std::move(first));
    while (op_of(Cur().kind, &op)) {
      node->ops.push_back(op);
      node->op_pos.push_back(Advance().pos);
      NodePtr next;
      SOTAY_RETURN_IF_ERROR((this->*operand)(&next));
      node->args.push_back(std::move(next));
    }
    *out = std::move(node);
    return Status::Ok();
  }

  Status ParseEquality(NodePtr* out) {
    auto op_of = [](Tok t, BinOp* op) {
      if (t == Tok::kEq) return *op = BinOp::kEq, true;
      if (t == Tok::kNe) return *op = BinOp::kNe, true;
      return false;
    };
    return ParseChain(op_of, &Parser::ParseRelational, out);
  }

  Status ParseRelational(NodePtr* out) {
    auto op_of = [](Tok t, BinOp* op) {
      switch (t) {
        case Tok::kLt:
          return *op = BinOp::kLt, true;
        case Tok::kLe:
          return *op = BinOp::kLe, true;
        case Tok::kGt:
          return *op = BinOp::kGt, true;
        case Tok::kGe:
          return *op = BinOp::kGe, true;
        default:
          return false;
      }
    };
    return ParseChain(op_of, &Parser::ParseAdditive, out);
  }

  Status ParseAdditive(NodePtr* out) {
    auto op_of = [](Tok t, BinOp* op) {
      if (t == Tok::kPlus) return *op = BinOp::kAdd, true;
      if (t == Tok::kMinus) return *op = BinOp::kSub, true;
      return false;
    };
    return ParseChain(op_of, &Parser::ParseMultiplicative, out);
  }

  Status ParseMultiplicative(NodePtr* out) {
    auto op_of = [](Tok t, BinOp* op) {
      switch (t) {
        case Tok::kStar:
          return *op = BinOp::kMul, true;
        case Tok::kSlash:
          return *op = BinOp::kDivide, true;
        case Tok::kDiv:
          return *op = BinOp::kIntDiv, true;
        case Tok::kMod:
          return *op = BinOp::kMod, true;
        default:
          return false;
      }
    };
    return ParseChain(op_of, &Parser::ParseUnary, out);
  }

  Status ParseUnary(NodePtr* out) {
    if (Cur().kind != Tok::kMinus) return ParsePrimary(out);
    int pos = Advance().pos;
    SOTAY_RETURN_IF_ERROR(Enter(pos));
    NodePtr operand;
    SOTAY_RETURN_IF_ERROR(ParseUnary(&operand));
    Leave();
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kNeg;
    node->pos = pos;
    node->args.push_back(std::move(operand));
    *out = std::move(node);
    return Status::Ok();
  }

  Status ParsePrimary(NodePtr* out) {
    const Token& t = Cur();
    auto node = std::make_unique<Node>();
    node->pos = t.pos;
    switch (t.kind) {
      case Tok::kNumber:
      case Tok::kString:
        node->literal = t.value;
        break;
      case Tok::kNull:
        break;
      case Tok::kTrue:
      case Tok::kFalse:
        node->literal = t.kind == Tok::kTrue;
        Advance();
        // XLSForm writes true() and false(); accept both spellings.
        if (Cur().kind == Tok::kLParen) {
          Advance();
          SOTAY_RETURN_IF_ERROR(Expect(Tok::kRParen, ")"));
        }
        *out = std::move(node);
        return Status::Ok();
      case Tok::kField:
        node->kind = Node::Kind::kField;
        node->name = t.name;
        break;
      case Tok::kSelf:
        node->kind = Node::Kind::kSelf;
        break;
      case Tok::kLParen: {
        Advance();
        SOTAY_RETURN_IF_ERROR(Enter(t.pos));
        SOTAY_RETURN_IF_ERROR(ParseOr(out));
        Leave();
        return Expect(Tok::kRParen, ")");
      }
      case Tok::kName:
        return ParseCall(out);
      default:
        return SyntaxError(t.pos, "thiếu một giá trị, gặp " + DescribeVi(t),
                           "expected a value, found " + DescribeEn(t));
    }
    Advance();
    *out = std::move(node);
    return Status::Ok();
  }

  Status ParseCall(NodePtr* out) {
    const Token& name = Advance();
    const FunctionSpec* spec = FindFunction(name.name);
    if (Cur().kind != Tok::kLParen) {
      if (spec != nullptr) {
        return SyntaxError(Cur().pos,
                           "thiếu '(' sau tên hàm '" + name.name +
                               "' (để lấy giá trị trường hãy viết ${" + name.name + "})",
                           "expected '(' after the function name '" + name.name +
                               "' (to refer to a field write ${" + name.name + "})");
      }
      return SyntaxError(
          name.pos,
          "tên '" + name.name + "' không hợp lệ; để lấy giá trị trường hãy viết ${" + name.name +
              "}",
          "unknown name '" + name.name + "'; to refer to a field write ${" + name.name + "}");
    }
    if (spec == nullptr) {
      return ParseError("expr_unknown_function", name.pos, "Hàm không xác định", "Unknown function",
                        "'" + name.name + "'", "'" + name.name + "'");
    }
    bool child_scope = spec->fn == Fn::kCount || spec->fn == Fn::kSum;
    if (child_scope && in_child_) {
      return SyntaxError(name.pos, "không thể lồng count()/sum() trong count()/sum()",
                         "count()/sum() cannot be nested inside count()/sum()");
    }
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::kCall;
    node->pos = name.pos;
    node->function = spec;
    Advance();  // (
    SOTAY_RETURN_IF_ERROR(Enter(name.pos));
    bool outer_in_child = in_child_;
    in_child_ = in_child_ || child_scope;
    if (Cur().kind != Tok::kRParen) {
      while (true) {
        NodePtr arg;
        SOTAY_RETURN_IF_ERROR(ParseOr(&arg));
        node->args.push_back(std::move(arg));
        if (Cur().kind != Tok::kComma) break;
        Advance();
      }
    }
    in_child_ = outer_in_child;
    Leave();
    if (Cur().kind != Tok::kRParen) {
      return SyntaxError(Cur().pos, "thiếu ',' hoặc ')', gặp " + DescribeVi(Cur()),
                         "expected ',' or ')', found " + DescribeEn(Cur()));
    }
    Advance();
    SOTAY_RETURN_IF_ERROR(CheckCall(node.get()));
    *out = std::move(node);
    return Status::Ok();
  }

  // Arity and the arguments that must be literals, checked now so that a schema with a
  // broken expression never loads.
  Status CheckCall(Node* call) {
    const FunctionSpec& spec = *call->function;
    int n = static_cast<int>(call->args.size());
    if (n < spec.min_args || (spec.max_args >= 0 && n > spec.max_args)) {
      std::string want_vi, want_en;
      if (spec.min_args == spec.max_args) {
        want_vi = std::to_string(spec.min_args);
        want_en = want_vi;
      } else if (spec.max_args < 0) {
        want_vi = "ít nhất " + std::to_string(spec.min_args);
        want_en = "at least " + std::to_string(spec.min_args);
      } else {
        want_vi = std::to_string(spec.min_args) + " đến " + std::to_string(spec.max_args);
        want_en = std::to_string(spec.min_args) + " to " + std::to_string(spec.max_args);
      }
      std::string fn = std::string(spec.name) + "()";
      return ParseError("expr_arity", call->pos, "Sai số đối số", "Wrong number of arguments",
                        "hàm " + fn + " cần " + want_vi + " đối số, có " + std::to_string(n),
                        fn + " takes " + want_en + " argument(s), got " + std::to_string(n));
    }
    if (spec.fn == Fn::kCount || spec.fn == Fn::kSum) {
      const Node& type = *call->args[0];
      if (type.kind != Node::Kind::kLiteral || !type.literal.is_string() ||
          type.literal.get_ref<const std::string&>().empty()) {
        std::string fn = std::string(spec.name) + "()";
        return SyntaxError(
            type.pos,
            "đối số đầu của " + fn + " phải là loại bản ghi con trong dấu nháy, ví dụ '" +
                "person'",
            "the first argument of " + fn + " must be a quoted child record type, e.g. 'person'");
      }
      call->child_type = type.literal.get<std::string>();
    }
    if (spec.fn == Fn::kRegex) {
      const Node& pattern = *call->args[1];
      if (pattern.kind == Node::Kind::kLiteral && pattern.literal.is_string()) {
        std::string error_vi, error_en;
        call->regex = CompilePattern(pattern.literal.get<std::string>(), &error_vi, &error_en);
        if (call->regex == nullptr) {
          return ParseError("expr_regex", pattern.pos, "Biểu thức chính quy không hợp lệ",
                            "Invalid regular expression", error_vi, error_en);
        }
      }
    }
    return Status::Ok();
  }

  std::vector<Token> toks_;
  size_t i_ = 0;
  int depth_ = 0;
  bool in_child_ = false;  // inside the arguments of count()/sum()
};

}  // namespace

const FunctionSpec* FindFunction(std::string_view name) {
  for (const FunctionSpec& f : kFunctions) {
    if (name == f.name) return &f;
  }
  return nullptr;
}

const char* BinOpText(BinOp op) {
  switch (op) {
    case BinOp::kEq:
      return "=";
    case BinOp::kNe:
      return "!=";
    case BinOp::kLt:
      return "<";
    case BinOp::kLe:
      return "<=";
    case BinOp::kGt:
      return ">";
    case BinOp::kGe:
      return ">=";
    case BinOp::kAdd:
      return "+";
    case BinOp::kSub:
      return "-";
    case BinOp::kMul:
      return "*";
    case BinOp::kDivide:
      return "/";
    case BinOp::kIntDiv:
      return "div";
    case BinOp::kMod:
      return "mod";
  }
  return "?";
}

Result<std::shared_ptr<const Node>> ParseTree(std::string_view source) {
  Result<std::vector<Token>> tokens = Tokenize(source);
  if (!tokens.ok()) return tokens.status();
  return Parser(std::move(tokens).value()).Run();
}

}  // namespace sotay::expr_detail
