// The indicator registry: the ward plan's indicators with their targets, loaded from
// schemas/indicators/plan.json (format in docs/indicators.md).
//
// Each indicator is either computed from records (core/indicator_facts.h emits its
// per-record facts) or entered by the office per month, quarter or year. Its `kind`
// says how a value comes out of summed facts (core/indicators.h):
//   ratio   value = numerator ÷ denominator × 100 (percent)
//   count   value = numerator (a number of households, persons, conversions...)
//   change  value = (numerator − previous numerator) ÷ previous numerator × 100
//   value   a number entered by the office (manual indicators only)
// and the target compares the value: gte, gt, lte, lt, eq.
//
// Loading is strict like the form schemas: unknown keys, wrong types, duplicate ids,
// a computed indicator of kind `value`, a manual one of another kind, fail with code
// "indicator_registry" and a JSON pointer path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/record.h"
#include "core/schema.h"
#include "core/status.h"

namespace sotay {

enum class Comparison { kGte, kGt, kLte, kLt, kEq };
enum class IndicatorKind { kRatio, kCount, kChange, kValue };
enum class IndicatorSource { kRecords, kManual };

std::string_view ComparisonName(Comparison c);  // "gte", ...
std::string_view ComparisonSign(Comparison c);  // "≥", ... as a reader writes it
std::string_view IndicatorKindName(IndicatorKind k);

struct IndicatorTarget {
  Comparison comparison = Comparison::kGte;
  double value = 0;
  bool operator==(const IndicatorTarget&) const = default;
};

struct IndicatorDef {
  std::string id;                // "12", "8a", "digital.vneid"
  std::optional<int> plan_item;  // number in the plan (1..26); nullopt for extras
  Label label;
  Label formula;     // how it is computed or what is entered
  std::string unit;  // "percent", "households", "persons", ...
  IndicatorSource source = IndicatorSource::kRecords;
  IndicatorKind kind = IndicatorKind::kRatio;
  std::string frequency;  // "year", "quarter", "month"
  // Computed per group from one group-level record: every known group counts once in
  // the denominator, with or without a record (indicator 10).
  bool per_group = false;
  std::optional<IndicatorTarget> target;  // nullopt: the ward sets none
  Label target_text;                      // the plan's own words
  std::string rule_source;                // document + section
};

class IndicatorRegistry {
 public:
  static Result<IndicatorRegistry> FromJson(const Json& doc);
  static Result<IndicatorRegistry> LoadFile(const std::string& path);

  const std::vector<IndicatorDef>& indicators() const { return indicators_; }
  const IndicatorDef* Find(std::string_view id) const;
  int64_t plan_year() const { return plan_year_; }
  const std::string& plan_document() const { return plan_document_; }
  // The document as loaded, for GET /api/v1/schemas ("indicators").
  const Json& json() const { return json_; }

 private:
  std::vector<IndicatorDef> indicators_;
  int64_t plan_year_ = 0;
  std::string plan_document_;
  Json json_;
};

}  // namespace sotay
