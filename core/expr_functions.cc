// The built-in functions of the expression language (list and arity: expr_parser.cc).
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/detail/expr_eval.h"
#include "core/detail/expr_values.h"
#include "core/working_age.h"

namespace sotay::expr_detail {
namespace {

// Longest text regex() looks at: the standard library's matchers recurse per character, so
// this bounds the stack on both targets. Form answers matched by patterns are short.
constexpr size_t kMaxRegexInput = 1000;

std::string FnName(const Node& call) { return std::string(call.function->name) + "()"; }

Status ArgTypeError(const Node& call, const Node& arg, const Json& got, const char* want_vi,
                    const char* want_en) {
  return TypeError(arg.pos, FnName(call) + " cần " + want_vi + ", có " + TypeNameVi(got),
                   FnName(call) + " needs " + want_en + ", got " + TypeNameEn(got));
}

// A select code as text: codes are strings, but authors may write selected(${q}, 1).
std::optional<std::string> CodeText(const Json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (IsInt(v)) return std::to_string(AsInt(v));
  return std::nullopt;
}

// Calls fn(token) for each space-separated token (a select_multiple stored as "a b c").
template <typename F>
void ForEachToken(std::string_view s, F fn) {
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) fn(s.substr(start, i - start));
  }
}

// Adds two numbers, staying integer while no overflow happens.
Json AddNumbers(const Json& a, const Json& b) {
  int64_t r = 0;
  if (IsInt(a) && IsInt(b) && !__builtin_add_overflow(AsInt(a), AsInt(b), &r)) return Json(r);
  return MakeDouble(AsDouble(a) + AsDouble(b));
}

}  // namespace

Result<Json> Evaluator::Call(const Node& node) const {
  const auto& args = node.args;
  switch (node.function->fn) {
    case Fn::kIf: {
      Result<Json> cond = Eval(*args[0]);
      if (!cond.ok()) return cond;
      return Eval(*args[Truthy(*cond) ? 1 : 2]);
    }
    case Fn::kCoalesce:
      for (const auto& arg : args) {
        Result<Json> v = Eval(*arg);
        if (!v.ok()) return v;
        if (!v->is_null() && !(v->is_string() && v->get_ref<const std::string&>().empty()))
          return v;
      }
      return Json(nullptr);
    case Fn::kNot: {
      Result<Json> v = Eval(*args[0]);
      if (!v.ok()) return v;
      return Json(!Truthy(*v));
    }
    case Fn::kToday:
      return Json(ctx_.Today());
    case Fn::kSelected:
      return Selected(node);
    case Fn::kCountSelected:
      return CountSelected(node);
    case Fn::kCount:
      return CountChildren(node);
    case Fn::kSum:
      return SumChildren(node);
    case Fn::kAge:
      return Age(node);
    case Fn::kRegex:
      return Regex(node);
    case Fn::kStringLength:
      return StringLength(node);
    case Fn::kRound:
      return Round(node);
    case Fn::kInt:
      return Int(node);
    case Fn::kMin:
      return MinMax(node, false);
    case Fn::kMax:
      return MinMax(node, true);
    case Fn::kNumber:
      return Number(node);
    case Fn::kDateDiffDays:
      return DateDiffDays(node);
  }
  return Json(nullptr);
}

Result<Json> Evaluator::Selected(const Node& node) const {
  Result<Json> value = Eval(*node.args[0]);
  if (!value.ok()) return value;
  Result<Json> code = Eval(*node.args[1]);
  if (!code.ok()) return code;
  if (value->is_null() || code->is_null()) return Json(false);
  std::optional<std::string> want = CodeText(*code);
  if (!want) return ArgTypeError(node, *node.args[1], *code, "một mã lựa chọn", "a choice code");
  if (value->is_array()) {
    for (const Json& item : *value) {
      if (CodeText(item) == want) return Json(true);
    }
    return Json(false);
  }
  if (value->is_string()) {
    bool found = false;
    ForEachToken(value->get_ref<const std::string&>(),
                 [&](std::string_view t) { found |= t == *want; });
    return Json(found);
  }
  if (IsInt(*value)) return Json(CodeText(*value) == want);
  return ArgTypeError(node, *node.args[0], *value, "một câu trả lời lựa chọn", "a select answer");
}

Result<Json> Evaluator::CountSelected(const Node& node) const {
  Result<Json> value = Eval(*node.args[0]);
  if (!value.ok()) return value;
  if (value->is_null()) return Json(0);
  if (value->is_array()) return Json(static_cast<int64_t>(value->size()));
  if (value->is_string()) {
    int64_t n = 0;
    ForEachToken(value->get_ref<const std::string&>(), [&](std::string_view) { ++n; });
    return Json(n);
  }
  return ArgTypeError(node, *node.args[0], *value, "một câu trả lời lựa chọn", "a select answer");
}

Result<Json> Evaluator::CountChildren(const Node& node) const {
  const Node* filter = node.args.size() > 1 ? node.args[1].get() : nullptr;
  int64_t n = 0;
  Status error;
  ctx_.ForEachChild(node.child_type, [&](const EvalContext& child) {
    if (!error.ok()) return;
    if (filter == nullptr) {
      ++n;
      return;
    }
    Result<Json> keep = Evaluator(child).Eval(*filter);
    if (!keep.ok()) {
      error = keep.status();
    } else if (Truthy(*keep)) {
      ++n;
    }
  });
  if (!error.ok()) return error;
  return Json(n);
}

Result<Json> Evaluator::SumChildren(const Node& node) const {
  const Node& term = *node.args[1];
  Json total = 0;
  Status error;
  ctx_.ForEachChild(node.child_type, [&](const EvalContext& child) {
    if (!error.ok()) return;
    Result<Json> v = Evaluator(child).Eval(term);
    if (!v.ok()) {
      error = v.status();
    } else if (v->is_number()) {
      total = AddNumbers(total, *v);
    } else if (!v->is_null()) {  // unset answers are skipped
      error = ArgTypeError(node, term, *v, "số", "numbers");
    }
  });
  if (!error.ok()) return error;
  return total;
}

Result<Json> Evaluator::Age(const Node& node) const {
  Result<Json> birth = Eval(*node.args[0]);
  if (!birth.ok()) return birth;
  Json ref = ctx_.AgeReference();
  if (node.args.size() > 1) {
    Result<Json> r = Eval(*node.args[1]);
    if (!r.ok()) return r;
    ref = *r;
  }
  if (birth->is_null() || ref.is_null()) return Json(nullptr);
  for (const Json* v : {&*birth, &ref}) {
    if (!v->is_string() || !DaysFromIsoDate(v->get_ref<const std::string&>())) {
      const Node& arg = v == &ref && node.args.size() > 1 ? *node.args[1] : *node.args[0];
      return TypeError(arg.pos, "age() cần ngày dạng YYYY-MM-DD, có " + ShortDump(*v),
                       "age() needs a date YYYY-MM-DD, got " + ShortDump(*v));
    }
  }
  // The one age function of core: the rules take ages the same way.
  std::optional<int64_t> years = AgeInYears(birth->get<std::string>(), ref.get<std::string>());
  return years ? Json(*years) : Json(nullptr);
}

Result<Json> Evaluator::Regex(const Node& node) const {
  Result<Json> value = Eval(*node.args[0]);
  if (!value.ok()) return value;
  std::shared_ptr<const std::regex> re = node.regex;
  if (re == nullptr) {  // the pattern is computed: compile it now
    Result<Json> pattern = Eval(*node.args[1]);
    if (!pattern.ok()) return pattern;
    if (pattern->is_null()) return Json(nullptr);
    if (!pattern->is_string()) {
      return ArgTypeError(node, *node.args[1], *pattern, "mẫu dạng chuỗi", "a string pattern");
    }
    std::string error_vi, error_en;
    re = CompilePattern(pattern->get<std::string>(), &error_vi, &error_en);
    if (re == nullptr) {
      std::string p = std::to_string(node.args[1]->pos);
      return Status::Error("expr_regex",
                           "Biểu thức chính quy không hợp lệ ở vị trí " + p + ": " + error_vi,
                           "Invalid regular expression at position " + p + ": " + error_en);
    }
  }
  if (value->is_null()) return Json(nullptr);
  std::optional<std::string> text = CodeText(*value);
  if (!text) return ArgTypeError(node, *node.args[0], *value, "chuỗi", "a string");
  std::string p = std::to_string(node.pos);
  if (text->size() > kMaxRegexInput) {
    return Status::Error("expr_regex",
                         "Giá trị quá dài cho regex() ở vị trí " + p + " (tối đa " +
                             std::to_string(kMaxRegexInput) + " byte)",
                         "Value too long for regex() at position " + p + " (at most " +
                             std::to_string(kMaxRegexInput) + " bytes)");
  }
  try {
    return Json(std::regex_search(*text, *re));
  } catch (const std::exception& e) {  // error_complexity / error_stack from the matcher
    return Status::Error("expr_regex", "Không so khớp được regex() ở vị trí " + p,
                         "regex() could not match at position " + p + ": " + e.what());
  }
}

Result<Json> Evaluator::StringLength(const Node& node) const {
  Result<Json> value = Eval(*node.args[0]);
  if (!value.ok()) return value;
  if (value->is_null()) return Json(0);
  std::optional<std::string> text = CodeText(*value);
  if (!text) return ArgTypeError(node, *node.args[0], *value, "chuỗi", "a string");
  return Json(Utf8Length(*text));
}

Result<Json> Evaluator::Round(const Node& node) const {
  Result<Json> x = Eval(*node.args[0]);
  if (!x.ok()) return x;
  int64_t digits = 0;
  if (node.args.size() > 1) {
    Result<Json> d = Eval(*node.args[1]);
    if (!d.ok()) return d;
    if (d->is_null()) return Json(nullptr);
    if (!IsInt(*d) || AsInt(*d) < -15 || AsInt(*d) > 15) {
      return TypeError(node.args[1]->pos,
                       "round() cần số chữ số nguyên từ -15 đến 15, có " + ShortDump(*d),
                       "round() needs whole digits from -15 to 15, got " + ShortDump(*d));
    }
    digits = AsInt(*d);
  }
  if (x->is_null()) return Json(nullptr);
  if (!x->is_number()) return ArgTypeError(node, *node.args[0], *x, "một số", "a number");
  if (IsInt(*x) && digits >= 0) return x;
  double r = RoundDecimal(AsDouble(*x), static_cast<int>(digits));
  return digits <= 0 ? MakeIntegral(r) : MakeDouble(r);
}

Result<Json> Evaluator::Int(const Node& node) const {
  Result<Json> x = Eval(*node.args[0]);
  if (!x.ok() || x->is_null() || IsInt(*x)) return x;
  if (!x->is_number()) return ArgTypeError(node, *node.args[0], *x, "một số", "a number");
  return MakeIntegral(std::trunc(AsDouble(*x)));
}

Result<Json> Evaluator::MinMax(const Node& node, bool want_max) const {
  Json best;
  for (const auto& arg : node.args) {
    Result<Json> v = Eval(*arg);
    if (!v.ok()) return v;
    if (v->is_null()) continue;  // unset answers are skipped, like sum()
    if (!v->is_number()) return ArgTypeError(node, *arg, *v, "số", "numbers");
    if (best.is_null()) {
      best = *v;
      continue;
    }
    bool less = IsInt(best) && IsInt(*v) ? AsInt(*v) < AsInt(best) : AsDouble(*v) < AsDouble(best);
    bool greater =
        IsInt(best) && IsInt(*v) ? AsInt(*v) > AsInt(best) : AsDouble(*v) > AsDouble(best);
    if (want_max ? greater : less) best = *v;
  }
  return best;
}

Result<Json> Evaluator::Number(const Node& node) const {
  Result<Json> v = Eval(*node.args[0]);
  if (!v.ok() || v->is_null() || v->is_number()) return v;
  if (v->is_boolean()) return Json(v->get<bool>() ? 1 : 0);
  if (v->is_string()) {
    std::optional<Json> n = ParseNumberText(v->get_ref<const std::string&>());
    return n ? *n : Json(nullptr);
  }
  return ArgTypeError(node, *node.args[0], *v, "chuỗi hoặc số", "a string or a number");
}

Result<Json> Evaluator::DateDiffDays(const Node& node) const {
  std::optional<int64_t> days[2];
  for (int i = 0; i < 2; ++i) {
    Result<Json> v = Eval(*node.args[i]);
    if (!v.ok()) return v;
    if (v->is_null()) return Json(nullptr);
    if (v->is_string()) days[i] = DaysFromIsoDate(v->get_ref<const std::string&>());
    if (!days[i]) {
      return TypeError(node.args[i]->pos,
                       "date-diff-days() cần ngày dạng YYYY-MM-DD, có " + ShortDump(*v),
                       "date-diff-days() needs a date YYYY-MM-DD, got " + ShortDump(*v));
    }
  }
  return Json(*days[0] - *days[1]);
}

}  // namespace sotay::expr_detail
