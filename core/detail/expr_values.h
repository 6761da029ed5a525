// Internal: value helpers of the expression evaluator (numbers, dates, text).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/record.h"
#include "core/status.h"

namespace sotay::expr_detail {

// Integers are JSON integers (signed, or unsigned up to INT64_MAX); larger unsigned
// values are treated as doubles.
bool IsInt(const Json& v);
int64_t AsInt(const Json& v);    // requires IsInt
double AsDouble(const Json& v);  // requires is_number
// A double result, or null when it is not finite (JSON has no inf/NaN).
Json MakeDouble(double d);
// An integral double as an int64 when it fits, else MakeDouble(d).
Json MakeIntegral(double d);

// "số", "chuỗi", ... / "number", "string", ... for messages.
std::string TypeNameVi(const Json& v);
std::string TypeNameEn(const Json& v);

// A value as JSON text for messages, cut after about 40 characters; never throws, even on
// invalid UTF-8.
std::string ShortDump(const Json& v);

// expr_type with "Lỗi kiểu ở vị trí N: ..." / "Type error at position N: ...".
Status TypeError(int pos, const std::string& vi_detail, const std::string& en_detail);

// The number a string spells ("12", "-3.5", " 4 ", "1e3"), or nullopt. Decimal point only:
// "1,5" is not a number.
std::optional<Json> ParseNumberText(std::string_view s);

// Days since 1970-01-01 of a valid "YYYY-MM-DD" date (proleptic Gregorian), or nullopt.
std::optional<int64_t> DaysFromIsoDate(std::string_view s);

// Number of Unicode code points of UTF-8 text (bytes that do not continue a sequence).
int64_t Utf8Length(std::string_view s);

// x rounded to `digits` decimals (negative: tens, hundreds...), half away from zero, on the
// shortest decimal form of x so that round(1.005, 2) is 1.01 as a person expects.
double RoundDecimal(double x, int digits);

bool Truthy(const Json& v);

}  // namespace sotay::expr_detail
