// Expression language of forms: relevance (skip logic), constraints and calculations.
//
// In the spirit of XLSForm, written once in C++ and evaluated the same way on the phone
// (wasm) and on the server. For form authors: docs/expressions.md.
//
//   ${field}                       value of a field of the current record (null if unset);
//                                  field names are [A-Za-z_][A-Za-z0-9_]*
//   ., ${.}                        the value of the field being validated (constraints)
//   1  2.5  1e3  'text'  "text"  true false null   (true() and false() are accepted too)
//                                  strings: \' \" \\ are escapes, any other backslash is
//                                  kept as written, so '^\d{12}$' works as a regex
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
//   number(x)  date-diff-days(a, b)
//
// Precedence, loosest first (as in XPath): or; and; = !=; < <= > >=; + -; * / div mod;
// unary -. Binary operators are left-associative: 10 - 3 - 2 is (10 - 3) - 2.
//
// Values are JSON. Numbers: integer operands give integer results for + - * div mod
// (falling back to a double on overflow); / always gives a double; div truncates toward
// zero; mod takes the sign of the dividend; dividing by zero (/, div, mod) gives null;
// a result that is not finite is null.
//
// Nulls: arithmetic with null gives null; a comparison with null is false except `=`/`!=`,
// where null equals only null (`x = null`, `x != null`); a relevance or constraint that
// evaluates to null counts as false / not violated respectively (the form engine decides;
// see schema.h). Functions: if() and not() take null as false; string-length(null) and
// count-selected(null) are 0; selected(null, c) is false; min/max/sum skip nulls (all
// null: null for min/max, 0 for sum); coalesce skips null and ""; the other functions
// return null for a null argument.
//
// Comparisons: values of different types are never equal, except that a number and a
// string that spells a number ("1" = 1) compare as numbers, because select codes are
// strings. Ordering (< <= > >=) needs two numbers, two strings or two booleans, else
// "expr_type".
//
// Functions in detail:
//   selected(v, code)     v is a select_multiple (JSON array of codes, or a string of
//                         space-separated codes) or a select_one (string); integer codes
//                         are matched as their decimal text.
//   count-selected(v)     number of codes in v.
//   count(type[, filter]), sum(type, expr): `type` must be a quoted literal; filter and
//                         expr see the child's fields; they cannot contain count()/sum().
//   age(date[, ref])      full years from date to ref (AgeInYears, core/working_age.h);
//                         ref defaults to the context's age reference date — today,
//                         or for a household and its members the review date of this
//                         year's poverty assessment (core/age_reference.h); null when
//                         ref is before date (not yet born on ref); a 29 February
//                         birthday is reached on 1 March in common years.
//   date-diff-days(a, b)  days from b to a, i.e. a - b.
//   regex(s, pattern)     ECMAScript syntax (std::regex); true when the pattern matches
//                         ANYWHERE in s (std::regex_search), so anchor with ^...$ for a
//                         whole-value match. A literal pattern is compiled by Parse; s is
//                         limited to 1000 bytes and patterns to 512 bytes, repeat counts
//                         to 1000; back-references (\1) are not supported. On the server
//                         matching takes polynomial time whatever the pattern.
//   string-length(s)      Unicode code points of UTF-8 text ("Nguyễn Thị Ánh" is 14).
//   round(x[, digits])    half away from zero on the decimal form of x (round(1.005, 2) is
//                         1.01); digits from -15 to 15; an integer when digits <= 0.
//   int(x)                truncates toward zero.
//   number(x)             a string spelling a number ("12", "-3.5"; decimal point only) as
//                         a number, else null; booleans as 1/0.
//
// Error codes. Parse() fails, with the 1-based character (code point) position in both
// messages, e.g. "Lỗi cú pháp ở vị trí 7: thiếu ')'" / "Syntax error at position 7:
// expected ')'", with:
//   expr_syntax            malformed input
//   expr_unknown_function  a call of a function that does not exist
//   expr_arity             a function called with the wrong number of arguments
//   expr_regex             a literal regex() pattern that does not compile
//   expr_too_deep          more than kMaxNesting levels of (), arguments or unary minus
// Parse errors are found when a schema loads, never at form-fill time. Evaluate() fails
// with:
//   expr_type              operand types make no sense, e.g. 'a' * 2 or age('hôm qua')
//   expr_regex             a computed regex() pattern that does not compile, or a value
//                          too long to match
// Neither function throws; they never abort on any input.
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
  // Reference date "YYYY-MM-DD" for today().
  virtual std::string Today() const = 0;
  // Reference date "YYYY-MM-DD" of age() without a second argument: the date the form
  // takes ages on, which the rules take them on too (core/age_reference.h); today
  // unless the context says otherwise.
  virtual std::string AgeReference() const { return Today(); }
};

namespace expr_detail {
struct Node;
}

// A parsed expression. Immutable: copies share one tree, and Evaluate may run on many
// contexts at once.
class Expression {
 public:
  // Deepest nesting of parentheses, function arguments and unary minus Parse accepts.
  static constexpr int kMaxNesting = 64;

  // The empty expression: evaluates to null and references nothing. Schemas use it for
  // "no relevance / no constraint".
  Expression() = default;

  // Parses `source`; fails with one of the parse error codes above.
  static Result<Expression> Parse(std::string_view source);

  // Evaluates against ctx. Fails with "expr_type" when operand types make no sense
  // (e.g. 'a' * 2) or "expr_regex" for an invalid computed pattern.
  Result<Json> Evaluate(const EvalContext& ctx) const;

  // Truthiness used by relevance and constraints: null/false/0/""/[] are false.
  static bool Truthy(const Json& v);

  bool empty() const { return root_ == nullptr; }
  const std::string& source() const { return source_; }

  // The expression re-printed with single spaces and only the parentheses it needs, e.g.
  // "(1 + (2*3))" gives "1 + 2 * 3". Parsing it again gives the same tree and text.
  std::string Canonical() const;

  // Names used as ${name} at the top level (not inside count/sum child expressions),
  // deduplicated, in order of first appearance.
  std::vector<std::string> FieldReferences() const;
  // Child record types named by count()/sum(), deduplicated, in order of first appearance.
  std::vector<std::string> ChildTypeReferences() const;
  // Names used as ${name} inside the count()/sum() expressions over children of `type`
  // (fields of the child records), deduplicated, in order of first appearance.
  std::vector<std::string> ChildFieldReferences(std::string_view type) const;
  // Whether `.` / ${.} appears outside count/sum child expressions.
  bool ReferencesSelf() const;

 private:
  std::string source_;
  std::shared_ptr<const expr_detail::Node> root_;
};

}  // namespace sotay
