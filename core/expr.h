// Expression language of forms: relevance (skip logic), constraints and calculations.
//
// In the spirit of XLSForm, written once in C++ and evaluated the same way on the phone
// (wasm) and on the server:
//
//   ${field}                       value of a field of the current record (null if unset)
//   ., ${.}                        the value of the field being validated (constraints)
//   1  2.5  'text'  "text"  true false null
//   + - * div mod  (and / for division), unary -
//   = != < <= > >=                 numbers compare numerically, strings (incl. ISO dates
//                                  "YYYY-MM-DD") by bytes
//   and  or  not(x)
//   if(cond, a, b)  coalesce(a, b, ...)  selected(${multi}, 'code')  count-selected(${multi})
//   count('person')                number of (non-deleted) child records of that type
//   count('person', ${age} >= 14)  ... whose filter, evaluated in the child, is true
//   sum('person', ${income})       sum over child records of an expression in the child
//   today()  age(${dob})  age(${dob}, '2026-01-01')  regex(${f}, '^[0-9]{12}$')
//   string-length(${f})  round(x, digits)  int(x)  min(a, b, ...)  max(a, b, ...)
//
// Nulls: arithmetic with null gives null; a comparison with null is false except
// `x = null` / `x != null`; a relevance or constraint that evaluates to null counts as
// false / not violated respectively (the form engine decides; see schema.h).
//
// Parse errors are found when a schema loads, never at form-fill time: Parse() returns
// code "expr_syntax" with the 1-based character position in the messages.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/status.h"

namespace sotay {

// What an expression can see. Implemented by the form engine over a record and its
// children; tests implement it over plain JSON.
class EvalContext {
 public:
  virtual ~EvalContext() = default;
  // Value of ${name} in the current record; null when unset or unknown.
  virtual Json Field(std::string_view name) const = 0;
  // The value `.` refers to (the field under validation); null by default.
  virtual Json Self() const { return nullptr; }
  // Calls fn once for each non-deleted child record of `type`, with its context.
  virtual void ForEachChild(std::string_view type,
                            const std::function<void(const EvalContext&)>& fn) const = 0;
  // Reference date "YYYY-MM-DD" for today() and age().
  virtual std::string Today() const = 0;
};

namespace expr_detail {
struct Node;
}

class Expression {
 public:
  // Parses `source`; fails with "expr_syntax" and the position of the error.
  static Result<Expression> Parse(std::string_view source);

  // Evaluates against ctx. Fails with "expr_type" when operand types make no sense
  // (e.g. 'a' * 2) or "expr_regex" for an invalid pattern.
  Result<Json> Evaluate(const EvalContext& ctx) const;

  // Truthiness used by relevance and constraints: null/false/0/"" are false.
  static bool Truthy(const Json& v);

  const std::string& source() const { return source_; }
  // Names used as ${name} at the top level (not inside count/sum child expressions).
  std::vector<std::string> FieldReferences() const;
  // Child record types named by count()/sum().
  std::vector<std::string> ChildTypeReferences() const;

 private:
  std::string source_;
  std::shared_ptr<const expr_detail::Node> root_;
};

}  // namespace sotay
